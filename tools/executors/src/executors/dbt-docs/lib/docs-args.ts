import { commonDbtArgs } from '../../../utils/dbt/dbt-options.js';
import type { NormalizedDbtDocsOptions } from './normalize-options.js';

/**
 * Every relation the docs describe, created cheaply: `--empty` makes each model select zero rows,
 * and tests are left out (they would only check empty tables).
 */
export function emptyBuildArgs(
  options: NormalizedDbtDocsOptions,
  targetDir: string,
  logDir: string,
): string[] {
  return [
    'build',
    ...commonDbtArgs(options, targetDir, logDir),
    '--empty',
    '--resource-type',
    'seed',
    '--resource-type',
    'model',
    '--resource-type',
    'snapshot',
  ];
}

/**
 * The catalog (and manifest.json, index.html). Compiling again keeps `--empty`'s rewrites out of the
 * compiled code the site shows. The self-contained page is made from the stabilized artefacts after.
 */
export function docsGenerateArgs(
  options: NormalizedDbtDocsOptions,
  targetDir: string,
  logDir: string,
): string[] {
  return ['docs', 'generate', ...commonDbtArgs(options, targetDir, logDir)];
}
