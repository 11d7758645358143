import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { registerCleanup } from './cleanup.js';
import EmbeddedPostgres from './embedded-postgres.js';
import { findFreePort, portIsFree } from './free-port.js';
import { runProcess } from './process.js';

export interface EphemeralPostgres {
  /** postgres://user:password@127.0.0.1:port/database of a fresh, empty database. */
  readonly url: string;
  /** 'embedded' when this process started the server, 'external' when ATLAS_DATABASE_URL was used. */
  readonly kind: 'embedded' | 'external';
  /** The embedded server's data folder (removed by stop() unless persistent); undefined for an external server. */
  readonly dataDir?: string;
  /** Drop the database (external) or stop the server and delete its folder (embedded). Idempotent. */
  stop(): Promise<void>;
  /**
   * Embedded only: stop the server cleanly, write its whole data folder to a gzip tar archive (which
   * `embedded.fromSnapshot` starts from again, with every relation and row, without initdb or any
   * setup), then remove the folder as stop() does.
   */
  saveSnapshot?(archive: string): Promise<void>;
}

export interface EphemeralPostgresOptions {
  /** Server to create the temporary database on; defaults to ATLAS_DATABASE_URL, else an embedded server. */
  serverUrl?: string;
  /** Prefix of the temporary database name. */
  databasePrefix?: string;
  /**
   * On an embedded server (private to this run), the database's fixed name instead of a temporary
   * one, and a port to use when it is free: tools that cache what they learned about a connection
   * (dbt's partial parsing hashes host, port and database) then see the same one run after run.
   */
  embedded?: {
    database: string;
    preferredPort?: number;
    /** A data-folder archive written by saveSnapshot: start from it instead of an empty server. */
    fromSnapshot?: { archive: string; password: string };
    /**
     * Keep the server's data in this folder instead of a temp folder: initialised when empty, reused
     * as it is otherwise, and kept by stop() (a local database that survives restarts). The role's
     * password is set at initialisation, so pass the same one every time.
     */
    persistent?: { dataDir: string; password: string };
  };
  /** Receives the embedded server's log lines (default: dropped). */
  onLog?: (line: string) => void;
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]*$/;

function temporaryDatabaseName(prefix: string): string {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (!DATABASE_NAME.test(name))
    throw new Error(`Invalid database prefix "${prefix}": use lower-case letters, digits and _.`);
  return name;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Connect to a PostgreSQL URL, run fn with the client, and always disconnect. */
export async function withDatabaseClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function onExternalServer(serverUrl: string, prefix: string): Promise<EphemeralPostgres> {
  const database = temporaryDatabaseName(prefix);
  try {
    await withDatabaseClient(serverUrl, (c) => c.query(`create database "${database}"`));
  } catch (error) {
    throw new Error(
      `Cannot create a temporary database on ATLAS_DATABASE_URL (${(error as Error).message}): check that the server is reachable and the role has CREATEDB, or unset ATLAS_DATABASE_URL to use an embedded PostgreSQL.`,
    );
  }
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= withDatabaseClient(serverUrl, (c) =>
      c.query(`drop database if exists "${database}" with (force)`),
    ).then(() => {
      unregister();
    });
    return stopped;
  };
  const unregister = registerCleanup(stop);
  return { url: withDatabase(serverUrl, database), kind: 'external', stop };
}

/**
 * As root, the embedded server runs its binaries as a `postgres` user it creates, which needs to pass
 * through every folder above node_modules. A checkout under a private folder (mode 0700, such as a
 * temp or home folder) would make the library's spawn fail with an unhandled EACCES that ends the
 * whole process; say what to do instead.
 */
export function folderClosedToOthers(path: string): string | undefined {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function checkBinariesReachable(): void {
  if (process.getuid?.() !== 0) return;
  const packageDir = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  const closed = folderClosedToOthers(packageDir);
  if (closed) {
    throw new Error(
      `Cannot start an embedded PostgreSQL as root: it runs as the postgres user, which cannot enter ${closed} (no execute permission for others). Run \`chmod o+x ${closed}\`, move the checkout, or set ATLAS_DATABASE_URL to a server you own.`,
    );
  }
}

/**
 * Unpack a data-folder archive into `home`. As root the server runs as the postgres user, which must
 * own the folder (an archive made elsewhere carries another owner); otherwise tar gives it to us.
 */
async function unpackSnapshot(archive: string, home: string): Promise<void> {
  const unpacked = await runProcess(['tar', '-xzf', archive, '-C', home], {
    echo: false,
    timeoutMs: 300_000,
  });
  if (unpacked.exitCode !== 0) throw new Error(`tar could not unpack ${archive}: ${unpacked.output.trim()}`);
  if (process.getuid?.() === 0) {
    const owned = await runProcess(['chown', '-R', 'postgres:postgres', home], {
      echo: false,
      timeoutMs: 60_000,
    });
    if (owned.exitCode !== 0)
      throw new Error(`could not give the data folder to the postgres user: ${owned.output.trim()}`);
  }
  await chmod(home, 0o700);
}

/** A persistent data folder that a running (or killed, still running) server holds refuses a second one. */
function checkNotInUse(dataDir: string): void {
  const lock = join(dataDir, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = Number.isInteger(pid) && pid > 0;
  } catch {
    alive = false;
  }
  if (alive)
    throw new Error(
      `the PostgreSQL data folder ${dataDir} is in use by a running server (pid ${pid}): stop the other process that runs it, or \`kill ${pid}\` if it was left behind`,
    );
}

async function databaseExists(serverUrl: string, database: string): Promise<boolean> {
  const { rowCount } = await withDatabaseClient(serverUrl, (c) =>
    c.query('select 1 from pg_database where datname = $1', [database]),
  );
  return (rowCount ?? 0) > 0;
}

/** A start that failed because another process took the free port first (it is tried again). */
class PortTakenError extends Error {}

/** The server's own reason in its log: its last FATAL, PANIC or error line, without the timestamp. */
function reasonInLog(messages: readonly string[]): string | undefined {
  return messages
    .flatMap((message) => message.split('\n'))
    .findLast((line) => /\b(FATAL|PANIC|ERROR):|initdb: error/.test(line))
    ?.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

async function startEmbedded(
  prefix: string,
  onLog: (line: string) => void,
  fixed: EphemeralPostgresOptions['embedded'],
): Promise<EphemeralPostgres> {
  checkBinariesReachable();
  // A free port is found, then bound by the server: another process starting beside it can take
  // it in between. Tried again on a new port; any other failure is reported at once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedOnce(prefix, onLog, fixed);
    } catch (error) {
      if (!(error instanceof PortTakenError)) throw error;
      if (attempt === 3)
        throw new Error(
          `Could not start an embedded PostgreSQL: three free ports were taken before it bound them (${error.message}). Try again, or set ATLAS_DATABASE_URL to a server you own.`,
        );
    }
  }
}

async function startEmbeddedOnce(
  prefix: string,
  onLog: (line: string) => void,
  fixed: EphemeralPostgresOptions['embedded'],
): Promise<EphemeralPostgres> {
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 50) recent.shift();
    onLog(line);
  };
  const kept = fixed?.persistent;
  // A throwaway server's data folder is a fresh temp folder: initdb accepts an empty one; stop()
  // removes it. A persistent one is initialised once and then only started.
  const home = kept ? kept.dataDir : await mkdtemp(join(tmpdir(), 'atlas-pg-'));
  if (kept) await mkdir(home, { recursive: true });
  const initialised = kept ? existsSync(join(home, 'PG_VERSION')) : false;
  if (kept) checkNotInUse(home);
  const snapshot = fixed?.fromSnapshot;
  const port =
    fixed?.preferredPort !== undefined && (await portIsFree(fixed.preferredPort))
      ? fixed.preferredPort
      : await findFreePort();
  // A snapshot keeps its role's password; a fresh server gets a new one.
  const password = snapshot?.password ?? kept?.password ?? randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: home,
    port,
    user: 'atlas',
    password,
    persistent: kept !== undefined,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, no Unix socket in a shared folder, and (throwaway servers) no durability work.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(kept ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  let started = false;
  let stopped: Promise<void> | undefined;
  // Last resort when something calls process.exit() while the server runs: no promise settles
  // after that, but the library's stop() sends the server its SIGINT synchronously, and the folder
  // can go at once.
  const onExit = () => {
    void server.stop().catch(() => undefined);
    if (!kept) rmSync(home, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      try {
        if (started) await server.stop();
      } finally {
        if (!kept) await rm(home, { recursive: true, force: true });
        process.off('exit', onExit);
        unregister();
      }
    })();
    return stopped;
  };
  const unregister = registerCleanup(stop);

  const saveSnapshot = async (archive: string): Promise<void> => {
    try {
      // The library deletes a non-persistent data folder when the server stops; this one is kept for
      // the archive (stop() below removes it after).
      (server as unknown as { options: { persistent: boolean } }).options.persistent = true;
      if (started) await server.stop();
      started = false;
      await mkdir(dirname(archive), { recursive: true });
      const partial = `${archive}.partial`;
      const packed = await runProcess(['tar', '-czf', partial, '-C', home, '.'], {
        echo: false,
        timeoutMs: 300_000,
      });
      if (packed.exitCode !== 0)
        throw new Error(`tar could not archive the data folder: ${packed.output.trim()}`);
      await rename(partial, archive);
    } finally {
      await stop();
    }
  };

  try {
    if (snapshot) await unpackSnapshot(snapshot.archive, home);
    else if (!initialised) await server.initialise();
    await server.start();
    started = true;
    const database = fixed?.database ?? temporaryDatabaseName(prefix);
    if (!DATABASE_NAME.test(database))
      throw new Error(`Invalid database name "${database}": use lower-case letters, digits and _.`);
    const serverUrl = `postgres://atlas:${password}@127.0.0.1:${port}/postgres`;
    if (!snapshot && !(kept && (await databaseExists(serverUrl, database))))
      await withDatabaseClient(serverUrl, (c) => c.query(`create database "${database}"`));
    const url = withDatabase(serverUrl, database);
    return kept
      ? { url, kind: 'embedded', dataDir: home, stop }
      : { url, kind: 'embedded', dataDir: home, stop, saveSnapshot };
  } catch (error) {
    await stop();
    // The library rejects with nothing when the server exits while starting; its log says why.
    const reason = reasonInLog(recent);
    if (!started && recent.some((line) => line.includes('Address already in use')))
      throw new PortTakenError(reason ?? `port ${port} already in use`);
    const why = error instanceof Error ? error.message : 'the server exited while starting';
    throw new Error(
      `Could not start an embedded PostgreSQL: ${why}${reason && !why.includes(reason) ? ` (${reason})` : ''}. Run \`npm ci\` to restore its binaries, or set ATLAS_DATABASE_URL to a server you own.`,
    );
  }
}

/**
 * A fresh PostgreSQL database for one run: a temporary database on ATLAS_DATABASE_URL when set,
 * otherwise an embedded PostgreSQL started on a free loopback port in a temp folder (or, with
 * `embedded.persistent`, in a folder that outlives it).
 * Always call stop(); a termination signal calls it too.
 */
export function startEphemeralPostgres(options: EphemeralPostgresOptions = {}): Promise<EphemeralPostgres> {
  const serverUrl = options.serverUrl ?? process.env['ATLAS_DATABASE_URL'];
  const prefix = options.databasePrefix ?? 'atlas_tmp';
  if (serverUrl) return onExternalServer(serverUrl, prefix);
  return startEmbedded(prefix, options.onLog ?? (() => undefined), options.embedded);
}

/** Run fn against a fresh database and release it afterwards, whether fn succeeds or not. */
export async function withEphemeralPostgres<T>(
  fn: (url: string) => Promise<T>,
  options: EphemeralPostgresOptions = {},
): Promise<T> {
  const db = await startEphemeralPostgres(options);
  try {
    return await fn(db.url);
  } finally {
    await db.stop();
  }
}
