import { join } from 'node:path';
import { commonDbtArgs } from '../../../utils/dbt/dbt-options.js';
import type { NormalizedDbtBuildOptions } from './normalize-options.js';

const MODIFIED = 'state:modified+';

/** dbt.log beside the results it explains, inside the cached target folder. */
export const logDir = (options: NormalizedDbtBuildOptions): string => join(options.targetDir, 'logs');

/**
 * `dbt build` arguments. In slim mode the selection is state:modified+ (each user selector intersected
 * with it) and unselected nodes are deferred to the reference state.
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

/**
 * Slim mode on a fresh database: deferring only helps when the reference relations exist, and the
 * run's database starts empty (a reference from another database cannot even be queried in
 * PostgreSQL). So the unmodified nodes the selection reads from (`@state:modified` = the modified
 * nodes, their descendants and all of those's ancestors, minus state:modified+) are built first,
 * without tests; they are not what changed.
 */
export function parentArgs(options: NormalizedDbtBuildOptions, stateDir: string): string[] {
  return [
    'build',
    ...commonDbtArgs(options, options.targetDir, logDir(options)),
    '--select',
    '@state:modified',
    '--exclude',
    MODIFIED,
    ...options.exclude,
    '--resource-type',
    'seed',
    '--resource-type',
    'model',
    '--resource-type',
    'snapshot',
    '--state',
    stateDir,
  ];
}
