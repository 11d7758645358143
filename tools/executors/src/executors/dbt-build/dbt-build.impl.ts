import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup, venvBin } from '@atlas/runtime';
import { failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { withDbtDatabase } from '../../utils/dbt/dbt-database.js';
import { runDbt } from '../../utils/dbt/dbt-run.js';
import { closingLine } from '../../utils/dbt/run-results.js';
import { buildArgs, parentArgs } from './lib/build-args.js';
import { normalizeOptions } from './lib/normalize-options.js';
import { writeReferenceState } from './lib/reference-state.js';
import type { DbtBuildExecutorSchema } from './schema.js';

/**
 * `dbt build` on a fresh PostgreSQL database: setup commands first (migrations, fixture loads), then
 * dbt, then a summary of run_results.json. The database and every temp folder are released in finally.
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
    const slimState = options.stateManifest
      ? (stateDir = mkdtempSync(join(tmpdir(), 'atlas-dbt-state-')))
      : undefined;
    await withDbtDatabase(
      { setupCommands: options.setupCommands, workspaceRoot: context.root, timeoutMs: options.timeoutMs },
      async (env) => {
        const common = {
          targetDir: options.targetDir,
          env,
          workspaceRoot: context.root,
          timeoutMs: options.timeoutMs,
        };
        if (slimState && options.stateManifest) {
          writeReferenceState(options.stateManifest, slimState, env['DBT_PG_DBNAME'] ?? '');
          const parents = await runDbt({
            ...common,
            args: parentArgs(options, slimState),
            command: 'unmodified parents',
          });
          process.stdout.write(
            `slim: ${parents.nodes.length} unmodified parent node(s) built for the selection (not tested)\n`,
          );
        }
        const command = slimState ? 'dbt build (slim, state:modified+)' : 'dbt build';
        const summary = await runDbt({ ...common, args: buildArgs(options, slimState), command });
        process.stdout.write(`\n${closingLine(summary, command)}\n`);
      },
    );
    return { success: true };
  } catch (error) {
    return failExecutor('dbt-build', error);
  } finally {
    removeState();
    unregister();
  }
}
