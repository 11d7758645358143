import { statSync } from 'node:fs';
import {
  findFreePort,
  runProcess,
  startEphemeralPostgres,
  withDatabaseClient,
  type ProcessResult,
} from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';
import { smokeCodeServer } from '../code-server/smoke-code-server.js';
import { containersEnv, type StorageDriver } from '../containers/containers-env.js';
import { lastWords, requireTool, runTool } from '../host-tools.js';

export interface ImageChecks {
  /** The OCI archive to open, and how to name it in messages. */
  archive: string;
  shownArchive: string;
  /** The image store to open it in. */
  graphRoot: string;
  runRoot: string;
  driver: StorageDriver;
  /** The Python module of the Definitions. */
  module: string;
  /** Absolute path of the dbt manifest inside the image. */
  manifestPath: string;
  /** Major version of Node.js the image must carry (0: not checked). */
  nodeMajor: number;
  /**
   * The command that serves gRPC on ATLAS_GRPC_HOST:ATLAS_GRPC_PORT inside the image. Default: the
   * image's own ENTRYPOINT and CMD, as the platform runs it. Empty: not checked.
   */
  serverCommand?: string[];
  expectedAssets: string[];
  serverStartTimeoutMs: number;
  /** The one-shot migration, run inside the image against a fresh database in ATLAS_DATABASE_URL. Empty: not checked. */
  migrateCommand: string[];
  /** Folder the host-side gRPC probes run in (the workspace root: its .venv has the same dagster). */
  workspaceRoot: string;
}

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

export interface ImageCheckReport {
  results: CheckResult[];
  /** Unpacked size as the image store reports it, and the archive's size in MiB. */
  size: string;
  compressedMiB: number;
  seconds: number;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Tables per schema the migration created, read from the host. */
async function createdTables(url: string): Promise<Record<string, number>> {
  const { rows } = await withDatabaseClient(url, (client) =>
    client.query<{ schema: string; tables: string }>(
      `select table_schema as schema, count(*) as tables from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') group by 1 order by 1`,
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.schema, Number(r.tables)]));
}

const MIGRATION_CHECK = 'one-shot migration';

/** Run the migration inside the image twice on a throwaway database: it must create tables, and the second run must pass too. */
async function checkMigration(
  command: string[],
  inImage: (argv: string[], timeoutMs: number, vars: Record<string, string>) => Promise<ProcessResult>,
): Promise<CheckResult> {
  const check = MIGRATION_CHECK;
  const shown = command.join(' ');
  // A throwaway database on loopback (the container shares the host's network).
  const database = await startEphemeralPostgres({ databasePrefix: 'atlas_image_check' });
  try {
    const vars = { ATLAS_DATABASE_URL: database.url };
    const first = await inImage(command, 300_000, vars);
    if (first.exitCode !== 0) return { check, ok: false, detail: `${shown}: ${lastWords(first.output)}` };
    const second = await inImage(command, 300_000, vars);
    if (second.exitCode !== 0)
      return {
        check,
        ok: false,
        detail: `a second run failed (not idempotent): ${lastWords(second.output)}`,
      };
    const created = Object.entries(await createdTables(database.url))
      .map(([schema, n]) => `${schema}: ${n} tables`)
      .join(', ');
    if (!created) return { check, ok: false, detail: `${shown} exited 0 but created no table` };
    return { check, ok: true, detail: `${shown}: ${created}; a second run changes nothing` };
  } finally {
    await database.stop();
  }
}

/**
 * Open the archive in an image store and check it from inside (buildah run, chroot isolation, host
 * network): non-root user, dbt manifest, `dagster definitions validate`, Node.js, the default command
 * serving the expected assets over gRPC, and the one-shot migration (run twice: it must be idempotent).
 * The container, its store configuration and any database are removed afterwards, whatever happened.
 */
export async function checkImage(input: ImageChecks): Promise<ImageCheckReport> {
  await requireTool('buildah');
  const store = containersEnv({ graphRoot: input.graphRoot, runRoot: input.runRoot, driver: input.driver });
  const env = store.env;
  let container: string | undefined;
  try {
    const started = Date.now();
    container = (
      await runTool(['buildah', 'from', '--quiet', `oci-archive:${input.archive}`], {
        env,
        what: `Opening ${input.shownArchive}`,
        timeoutMs: 1_800_000,
      })
    )
      .trim()
      .split('\n')
      .at(-1);
    const name = container;
    if (!name) throw new ExecutorFailure(`buildah from ${input.shownArchive} printed no container name.`);
    // From a writable folder: without DAGSTER_HOME (the chart sets one) the dagster CLI makes a
    // temporary instance in the working directory, and /app belongs to root.
    const runArgv = (argv: string[], vars: Record<string, string> = {}) => [
      'buildah',
      'run',
      '--isolation',
      'chroot',
      '--workingdir',
      '/tmp',
      ...Object.entries(vars).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      name,
      '--',
      ...argv,
    ];
    const inImage = (argv: string[], timeoutMs = 300_000, vars: Record<string, string> = {}) =>
      runProcess(runArgv(argv, vars), { env, echo: false, timeoutMs, tailLines: 60 });

    const results: CheckResult[] = [];
    // One small template per field: the whole inspect document is too long to keep, and buildah's
    // templates have no json function; printf %q quotes each element as JSON can read it.
    const configField = async (field: string) =>
      (
        await runTool(
          [
            'buildah',
            'inspect',
            '--type',
            'container',
            '--format',
            `{{printf "%q" .OCIv1.Config.${field}}}`,
            name,
          ],
          { env, what: 'Reading the image config' },
        )
      ).trim();
    const quoted = (text: string) =>
      [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1] ?? ''}"`) as string);
    const user = quoted(await configField('User'))[0] ?? '';
    const serverCommand = input.serverCommand ?? [
      ...quoted(await configField('Entrypoint')),
      ...quoted(await configField('Cmd')),
    ];
    const uid = await inImage(['id', '-u']);
    const uidValue = uid.output.trim().split('\n').at(-1) ?? '';
    results.push({
      check: 'runs as non-root',
      ok: uid.exitCode === 0 && /^\d+$/.test(uidValue) && uidValue !== '0',
      detail:
        uid.exitCode === 0
          ? `USER ${user || '(unset)'}, uid ${uidValue}`
          : `USER ${user || '(unset)'}, id -u: ${lastWords(uid.output)}`,
    });

    const manifest = await inImage([
      'python',
      '-c',
      'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["nodes"]), "nodes")',
      input.manifestPath,
    ]);
    results.push({
      check: 'dbt manifest baked in',
      ok: manifest.exitCode === 0,
      detail:
        manifest.exitCode === 0
          ? `${input.manifestPath}: ${lastWords(manifest.output)}`
          : lastWords(manifest.output),
    });

    const validate = await inImage(['dagster', 'definitions', 'validate', '-m', input.module], 600_000);
    results.push({
      check: 'dagster definitions validate',
      ok: validate.exitCode === 0,
      detail: `-m ${input.module}: ${lastWords(validate.output)}`,
    });

    if (input.nodeMajor > 0) {
      const node = await inImage(['node', '--version']);
      const version = node.output.trim().split('\n').at(-1) ?? '';
      results.push({
        check: `Node.js ${input.nodeMajor}`,
        ok: node.exitCode === 0 && version.startsWith(`v${input.nodeMajor}.`),
        detail: node.exitCode === 0 ? version : lastWords(node.output),
      });
    }

    if (serverCommand.length > 0) {
      const check = 'gRPC server in the image';
      try {
        const port = await findFreePort();
        const smoke = await smokeCodeServer({
          serverArgv: runArgv(serverCommand, { ATLAS_GRPC_HOST: '127.0.0.1', ATLAS_GRPC_PORT: String(port) }),
          port,
          module: input.module,
          expectedAssets: input.expectedAssets,
          startTimeoutMs: input.serverStartTimeoutMs,
          queryTimeoutMs: 120_000,
          cwd: input.workspaceRoot,
          env,
        });
        results.push({
          check,
          ok: true,
          detail: `${serverCommand.join(' ')}: healthy after ${(smoke.healthyMs / 1000).toFixed(1)} s, serves ${smoke.servedKeys.length} assets, all ${input.expectedAssets.length} expected`,
        });
      } catch (error) {
        results.push({ check, ok: false, detail: reason(error) });
      }
    }

    if (input.migrateCommand.length > 0) {
      results.push(
        await checkMigration(input.migrateCommand, inImage).catch((error: unknown) => ({
          check: MIGRATION_CHECK,
          ok: false,
          detail: reason(error),
        })),
      );
    }

    const imageId = (
      await runTool(['buildah', 'inspect', '--type', 'container', '--format', '{{.FromImageID}}', name], {
        env,
        what: 'Reading the image id',
      })
    ).trim();
    const images = JSON.parse(
      await runTool(['buildah', 'images', '--json', '--no-trunc'], { env, what: 'Listing images' }),
    ) as { id: string; size: string }[];
    const bare = (id: string) => id.replace(/^sha256:/, '');
    const size = images.find((i) => bare(i.id) === bare(imageId))?.size ?? '?';
    return {
      results,
      size,
      compressedMiB: statSync(input.archive).size / 1024 / 1024,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (container) await runProcess(['buildah', 'rm', container], { env, echo: false, timeoutMs: 120_000 });
    store.remove();
  }
}

/** Print the report, a line per check; throws one line naming every failed check. */
export function reportImageChecks(
  report: ImageCheckReport,
  shownArchive: string,
  log: (line: string) => void,
): void {
  log(
    `image ${shownArchive}: ${report.size} unpacked, ${report.compressedMiB.toFixed(1)} MiB compressed; checks took ${report.seconds.toFixed(1)} s.`,
  );
  for (const r of report.results) log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check.padEnd(30)} ${r.detail}`);
  const failed = report.results.filter((r) => !r.ok);
  if (failed.length)
    throw new ExecutorFailure(
      `${failed.length} check(s) failed in the image: ${failed.map((r) => `${r.check} (${r.detail})`).join('; ')}.`,
    );
}
