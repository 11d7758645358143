import {
  normalizeDbtProjectOptions,
  resolveOutputFolder,
  type NormalizedDbtProjectOptions,
} from '../../../utils/dbt/dbt-options.js';
import type { DbtDocsExecutorSchema } from '../schema.js';

export const DEFAULT_OUTPUT_PATH = '{projectRoot}/target/lineage';

export interface NormalizedDbtDocsOptions extends NormalizedDbtProjectOptions {
  /** Absolute folder the site goes to. */
  outputDir: string;
}

export function normalizeOptions(
  options: DbtDocsExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedDbtDocsOptions {
  const common = normalizeDbtProjectOptions(options, workspaceRoot, projectRoot);
  return {
    ...common,
    outputDir: resolveOutputFolder(
      workspaceRoot,
      projectRoot,
      options.outputPath ?? DEFAULT_OUTPUT_PATH,
      'outputPath',
      common.projectDir,
    ),
  };
}
