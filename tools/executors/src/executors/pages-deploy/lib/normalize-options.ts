import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import type { PagesDeployExecutorSchema } from '../schema.js';
import { smokePathProblem } from './site-paths.js';

export interface NormalizedPagesDeployOptions {
  /** Absolute path of the built site. */
  buildDir: string;
  remote: string;
  branch: string;
  cname: string | undefined;
  defaultBranch: string;
  dryRun: boolean | undefined;
  rollback: boolean;
  /** Site paths that must be served after a publish (checked on the tree fetched back from the remote). */
  smokePaths: string[];
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[\w./-]+$/;

export function normalizeOptions(
  options: PagesDeployExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
): NormalizedPagesDeployOptions {
  if (!options.buildDir)
    throw new ExecutorFailure(
      'Option buildDir is required: the folder of the built site, e.g. {projectRoot}/build.',
    );
  const branch = options.branch ?? 'gh-pages';
  if (!BRANCH.test(branch))
    throw new ExecutorFailure(`Option branch ("${branch}") is not a valid branch name.`);
  const cname = options.cname?.trim();
  if (cname !== undefined && !HOSTNAME.test(cname)) {
    throw new ExecutorFailure(
      `Option cname ("${options.cname}") is not a domain name: give the bare host, like atlas.example.no.`,
    );
  }
  const smokePaths = options.smokePaths ?? ['/'];
  if (!Array.isArray(smokePaths) || smokePaths.length === 0) {
    throw new ExecutorFailure(
      'Option smokePaths must be a non-empty list of site paths, like ["/", "/api", "/lineage/"].',
    );
  }
  for (const sitePath of smokePaths as unknown[]) {
    const problem = smokePathProblem(sitePath);
    if (problem)
      throw new ExecutorFailure(
        `Option smokePaths: ${JSON.stringify(sitePath)} ${problem}, like "/api" or "/lineage/".`,
      );
  }
  return {
    buildDir: resolveInWorkspace(workspaceRoot, projectRoot, options.buildDir, 'buildDir'),
    remote: options.remote ?? 'origin',
    branch,
    cname: cname || undefined,
    defaultBranch: options.defaultBranch ?? 'main',
    dryRun: options.dryRun,
    rollback: options.rollback ?? false,
    smokePaths: [...new Set(smokePaths)],
  };
}

export { HOSTNAME };
