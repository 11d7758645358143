/**
 * The local development environment of the code location: one PostgreSQL that survives restarts, a
 * Dagster home with the run history, and the fixed loopback ports the local surfaces use. Everything
 * lives under the repository's ignored tmp/ folder (ATLAS_LOCAL_DIR moves it, e.g. for a test).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerCleanup, startEphemeralPostgres, withDatabaseClient, workspaceRoot } from '@atlas/runtime';

type Env = Readonly<Record<string, string | undefined>>;

/** The fixed loopback ports (a variable of the same name moves one, e.g. for a test). */
export const DEFAULT_PORTS = {
  ATLAS_DAGSTER_UI_PORT: 3070,
  ATLAS_LOCAL_POSTGRES_PORT: 15432,
} as const;

export interface LocalEnvironment {
  /** Root of everything local development keeps. */
  dir: string;
  /** The embedded server's data folder. */
  postgresDir: string;
  /** The role's password of the embedded server, made on the first start (mode 0600). */
  passwordFile: string;
  /** The connection URL while a local database is up, for the other local surfaces (mode 0600). */
  databaseUrlFile: string;
  /** DAGSTER_HOME of `dagster dev`: run history, event logs, schedules state. */
  dagsterHome: string;
  /** DBT_TARGET_PATH: dagster-dbt writes each invocation's artefacts in a folder of its own here. */
  dbtTargetDir: string;
  /** The manifest the code location loads, parsed at each start as the image parses it. */
  dbtManifestDir: string;
  dagsterUiPort: number;
  postgresPort: number;
}

function port(env: Env, name: keyof typeof DEFAULT_PORTS): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[name];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new Error(`${name} is "${raw}": set it to a TCP port number (default ${DEFAULT_PORTS[name]}).`);
  return value;
}

export function localEnvironment(env: Env = process.env): LocalEnvironment {
  const dir = resolve(workspaceRoot, env['ATLAS_LOCAL_DIR'] || join('tmp', 'local'));
  return {
    dir,
    postgresDir: join(dir, 'postgres'),
    passwordFile: join(dir, 'postgres-password'),
    databaseUrlFile: join(dir, 'database-url'),
    dagsterHome: join(dir, 'dagster'),
    dbtTargetDir: join(dir, 'dbt-target'),
    dbtManifestDir: join(dir, 'dbt-manifest'),
    dagsterUiPort: port(env, 'ATLAS_DAGSTER_UI_PORT'),
    postgresPort: port(env, 'ATLAS_LOCAL_POSTGRES_PORT'),
  };
}

/** A connection URL with its password hidden, for printing. */
export function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export interface LocalDatabase {
  url: string;
  /** 'embedded': the persistent server under the local folder; 'external': ATLAS_DATABASE_URL. */
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

function passwordOf(local: LocalEnvironment): string {
  if (existsSync(local.passwordFile)) return readFileSync(local.passwordFile, 'utf8').trim();
  if (existsSync(join(local.postgresDir, 'PG_VERSION')))
    throw new Error(
      `${local.passwordFile} is missing but ${local.postgresDir} holds a database made with it: restore the file, or delete ${local.dir} to start from an empty database.`,
    );
  const password = randomBytes(16).toString('hex');
  writeFileSync(local.passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * The local database: ATLAS_DATABASE_URL as it is when set (a server you run), otherwise the embedded
 * PostgreSQL whose data stays in the local folder, on its fixed port when that is free. While it is up
 * its URL is in `databaseUrlFile`, where the other local surfaces find it.
 */
export async function openLocalDatabase(
  local: LocalEnvironment,
  env: Env = process.env,
): Promise<LocalDatabase> {
  mkdirSync(local.dir, { recursive: true, mode: 0o755 });
  const external = env['ATLAS_DATABASE_URL'];
  const db = external
    ? { url: external, kind: 'external' as const, stop: () => Promise.resolve() }
    : await startEphemeralPostgres({
        serverUrl: undefined,
        embedded: {
          database: 'atlas',
          preferredPort: local.postgresPort,
          persistent: { dataDir: local.postgresDir, password: passwordOf(local) },
        },
      });
  if (external) await withDatabaseClient(external, (c) => c.query('select 1'));
  writeFileSync(local.databaseUrlFile, `${db.url}\n`, { mode: 0o600 });
  // Ctrl-C goes through the runtime's cleanup registry, which also stops the server.
  const forget = () => rmSync(local.databaseUrlFile, { force: true });
  const unregister = registerCleanup(forget);
  return {
    url: db.url,
    kind: db.kind,
    stop: async () => {
      forget();
      unregister();
      await db.stop();
    },
  };
}

/** Whether the dbt project has been built into the database (its public API exists). */
export async function isBuilt(url: string): Promise<boolean> {
  const { rows } = await withDatabaseClient(url, (c) =>
    c.query<{ built: boolean }>("select to_regclass('api_v1.kommuner') is not null as built"),
  );
  return rows[0]?.built === true;
}

/**
 * The URL of the local database for a process that starts beside `atlas-data:dev` (which writes it
 * once its server is up): ATLAS_DATABASE_URL when set, else the URL file, waited for until the deadline.
 */
export async function waitForLocalDatabaseUrl(
  local: LocalEnvironment,
  env: Env = process.env,
  timeoutMs = 10 * 60_000,
): Promise<string> {
  if (env['ATLAS_DATABASE_URL']) return env['ATLAS_DATABASE_URL'];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(local.databaseUrlFile)) return readFileSync(local.databaseUrlFile, 'utf8').trim();
    await sleep(500);
  }
  throw new Error(
    `no local database after ${timeoutMs / 60_000} minutes (${local.databaseUrlFile} does not exist): start it with \`npx nx run atlas-data:dev\`, or set ATLAS_DATABASE_URL.`,
  );
}
