import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup, venvBin } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { withDbtDatabase } from '../../utils/dbt/dbt-database.js';
import { runDbt } from '../../utils/dbt/dbt-run.js';
import { stabilizeTargetFolder, writeStaticIndex } from '../../utils/dbt/stable-artifacts.js';
import { docsGenerateArgs, emptyBuildArgs } from './lib/docs-args.js';
import {
  assertSiteFolder,
  assetPathsOf,
  catalogCounts,
  catalogGaps,
  placeSite,
  type DocsCatalog,
  type DocsManifest,
} from './lib/docs-site.js';
import { normalizeOptions } from './lib/normalize-options.js';
import type { DbtDocsExecutorSchema } from './schema.js';

/** The embedded docs server's port when free (dbt-build prefers another: both may run at once). */
const DOCS_DATABASE_PORT = 25433;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/**
 * The static dbt docs site. The catalog (column names and types) is read from real relations, so they
 * are created first on a throwaway database with zero rows; dbt's target and log folders are a scratch
 * folder too, and only the site is kept.
 */
export default async function dbtDocsExecutor(
  rawOptions: DbtDocsExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-dbt-docs-'));
  const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  try {
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context));
    const shownOutput = relative(context.root, options.outputDir);
    assertSiteFolder(options.outputDir, shownOutput);
    venvBin('dbt');
    const targetDir = join(scratch, 'target');
    const logDir = join(scratch, 'logs');
    let database: string | undefined;
    await withDbtDatabase(
      {
        setupCommands: options.setupCommands,
        workspaceRoot: context.root,
        timeoutMs: options.timeoutMs,
        preferredPort: DOCS_DATABASE_PORT,
      },
      async (env) => {
        database = env['DBT_PG_DBNAME'];
        const common = { targetDir, env, workspaceRoot: context.root, timeoutMs: options.timeoutMs };
        await runDbt({
          ...common,
          args: emptyBuildArgs(options, targetDir, logDir),
          command: 'dbt build --empty',
        });
        await runDbt({
          ...common,
          args: docsGenerateArgs(options, targetDir, logDir),
          command: 'dbt docs generate',
          results: false,
        });
      },
    );

    const catalog = readJson<DocsCatalog>(join(targetDir, 'catalog.json'));
    const gaps = catalogGaps(readJson<DocsManifest>(join(targetDir, 'manifest.json')), catalog);
    if (gaps.length > 0) {
      throw new ExecutorFailure(
        `The catalog has no columns for ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ` and ${gaps.length - 5} more` : ''}: ` +
          'their relations do not exist on the docs database; the setup commands must create every source table, and the models must build with --empty.',
      );
    }
    // Byte-identical for identical inputs, so the site that embeds it rebuilds only when the lineage changed.
    stabilizeTargetFolder(targetDir, ['manifest.json', 'catalog.json'], {
      database,
      projectDir: options.projectDir,
      workspaceRoot: context.root,
      targetDir,
    });
    writeStaticIndex(targetDir, join(targetDir, 'static_index.html'));
    placeSite(targetDir, options.outputDir, assetPathsOf(options.projectDir), shownOutput);
    const { relations, columns } = catalogCounts(catalog);
    const size = statSync(join(options.outputDir, 'index.html')).size;
    process.stdout.write(
      `\ndbt-docs: ${shownOutput}/index.html written (${(size / 1024).toFixed(0)} KiB): ${relations} relations with ${columns} catalog columns.\n`,
    );
    return { success: true };
  } catch (error) {
    return failExecutor('dbt-docs', error);
  } finally {
    removeScratch();
    unregister();
  }
}
