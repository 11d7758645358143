import { join } from 'node:path';
import { commonDbtArgs } from '../../../utils/dbt/dbt-options.js';
import type { NormalizedDbtBuildOptions } from './normalize-options.js';

const MODIFIED = 'state:modified+';

/** dbt.log beside the results it explains, inside the cached target folder. */
export const logDir = (options: NormalizedDbtBuildOptions): string => join(options.targetDir, 'logs');

/**
 * `dbt build` arguments. In slim mode the selection is state:modified+ (each user selector intersected
 * with it) and unselected nodes are deferred to the reference state; they exist in the database the
 * slim build starts from (the reference's snapshot), so --defer resolves them there.
 */
export function buildArgs(options: NormalizedDbtBuildOptions, stateDir: string | undefined): string[] {
  const select = stateDir
    ? options.select.length > 0
      ? options.select.map((s) => `${MODIFIED},${s}`)
      : [MODIFIED]
    : options.select;
  return [
    'build',
    ...commonDbtArgs(options, options.targetDir, logDir(options)),
    ...(select.length > 0 ? ['--select', ...select] : []),
    ...(options.exclude.length > 0 ? ['--exclude', ...options.exclude] : []),
    ...(options.failFast ? ['--fail-fast'] : []),
    ...(stateDir ? ['--defer', '--state', stateDir] : []),
  ];
}
