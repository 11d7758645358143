import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup, venvBin } from '@atlas/runtime';
import { failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { withDbtDatabase } from '../../utils/dbt/dbt-database.js';
import { runDbt } from '../../utils/dbt/dbt-run.js';
import { closingLine } from '../../utils/dbt/run-results.js';
import { runSetupCommands } from '../../utils/dbt/setup-commands.js';
import { stabilizeTargetFolder, STABLE } from '../../utils/dbt/stable-artifacts.js';
import { buildArgs } from './lib/build-args.js';
import { normalizeOptions, type NormalizedDbtBuildOptions } from './lib/normalize-options.js';
import {
  readReference,
  removeSnapshot,
  seedPartialParse,
  setupFingerprint,
  snapshotArchiveOf,
  writeSnapshotRecord,
  type Reference,
} from './lib/reference.js';
import { writeReferenceState } from './lib/reference-state.js';
import type { DbtBuildExecutorSchema } from './schema.js';

/** The embedded build server's port when free (dbt-docs prefers another: both may run at once). */
const BUILD_DATABASE_PORT = 25432;

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * Whether this run can be slim: a reference with a manifest and a database snapshot whose setup
 * fingerprint is this run's, on an embedded server. Otherwise why not, in the words the log shows.
 */
function slimReference(
  options: NormalizedDbtBuildOptions,
  fingerprint: string,
  workspaceRoot: string,
): { reference?: Reference; fallback?: string } {
  if (!options.state) return {};
  const { reference, reason } = readReference(options.state, workspaceRoot);
  const shown = relative(workspaceRoot, options.state) || '.';
  if (!reference) return { fallback: `${reason}` };
  if (process.env['ATLAS_DATABASE_URL'])
    return {
      fallback:
        'ATLAS_DATABASE_URL is set, and a slim build starts from the embedded snapshot of the reference',
    };
  if (!reference.snapshot)
    return {
      fallback: `the reference in ${shown} has no database snapshot (it was not a full build on an embedded PostgreSQL)`,
    };
  if (reference.snapshot.setup !== fingerprint)
    return {
      fallback:
        'the setup commands or the files they read (migrations, fixtures) changed since the reference was built',
    };
  return { reference };
}

/**
 * `dbt build` on a fresh PostgreSQL database: setup commands first (migrations, fixture loads), then
 * dbt, then a summary of run_results.json; a full build on an embedded server also leaves a snapshot
 * of its database in the target folder, the reference for slim builds. Slim (a reference in `state`,
 * or ATLAS_DBT_REFERENCE): start from the reference's database snapshot, skip the setup, and build and
 * test only state:modified+ (the rest is already there, built by the reference). The database and
 * every temp folder are released in finally.
 */
export default async function dbtBuildExecutor(
  rawOptions: DbtBuildExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  let stateDir: string | undefined;
  const removeState = (): void => {
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  };
  const unregister = registerCleanup(removeState);
  try {
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context));
    venvBin('dbt');
    const started = Date.now();
    const fingerprint = await setupFingerprint(options.setupCommands, options.setupInputs, context.root);
    const { reference, fallback } = slimReference(options, fingerprint, context.root);
    if (fallback) say(`slim: ${fallback}: running the full build instead.`);
    const phases: string[] = [];
    let mark = Date.now();
    const phase = (name: string) => {
      phases.push(`${name} ${seconds(mark)}`);
      mark = Date.now();
    };
    if (reference) {
      stateDir = mkdtempSync(join(tmpdir(), 'atlas-dbt-state-'));
      writeReferenceState(reference.manifest, stateDir, STABLE.database);
      seedPartialParse(reference, options.targetDir);
      removeSnapshot(options.targetDir);
      say(
        `slim: building state:modified+ against the reference in ${relative(context.root, reference.dir) || '.'}`,
      );
    }
    await withDbtDatabase(
      {
        setupCommands: options.setupCommands,
        workspaceRoot: context.root,
        timeoutMs: options.timeoutMs,
        preferredPort: BUILD_DATABASE_PORT,
        ...(reference?.snapshot && { fromSnapshot: reference.snapshot }),
      },
      async (env, db) => {
        phase(reference ? 'database from the snapshot' : 'database and setup');
        const command = reference ? 'dbt build (slim, state:modified+)' : 'dbt build';
        try {
          const summary = await runDbt({
            targetDir: options.targetDir,
            env,
            workspaceRoot: context.root,
            timeoutMs: options.timeoutMs,
            args: buildArgs(options, stateDir),
            command,
          });
          phase('dbt');
          say(`\n${closingLine(summary, command)}`);
          if (options.checkCommands.length > 0) {
            await runSetupCommands(options.checkCommands, db.url, {
              workspaceRoot: context.root,
              timeoutMs: options.timeoutMs,
              kind: 'check',
              env: { ATLAS_DBT_MANIFEST: join(options.targetDir, 'manifest.json') },
            });
            phase('checks');
          }
        } finally {
          // The manifest is read by what runs after (the code location's checks, slim builds): the same
          // bytes for the same project, whichever database and moment it was built on.
          stabilizeTargetFolder(options.targetDir, ['manifest.json'], {
            database: env['DBT_PG_DBNAME'],
            projectDir: options.projectDir,
            workspaceRoot: context.root,
          });
        }
        if (!reference && db.saveSnapshot) {
          await db.saveSnapshot(snapshotArchiveOf(options.targetDir));
          writeSnapshotRecord(options.targetDir, {
            password: decodeURIComponent(new URL(db.url).password),
            setup: fingerprint,
          });
          phase('reference snapshot');
        } else if (!reference) removeSnapshot(options.targetDir);
      },
    );
    say(`dbt-build: ${reference ? 'slim' : 'full'} build in ${seconds(started)} (${phases.join(', ')}).`);
    return { success: true };
  } catch (error) {
    return failExecutor('dbt-build', error);
  } finally {
    removeState();
    unregister();
  }
}
