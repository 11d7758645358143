import { join } from 'node:path';
import { inProject, type ProjectScan, type WorkspaceFacts } from '../workspace/project-scan.js';
import type { InferredParts } from './common.js';

/** pages.json, next to a static site's project.json: where its build goes and where it is published. */
export interface PagesConfig {
  /** The built site, relative to the project root. */
  buildDir: string;
  branch?: string;
  remote?: string;
  cname?: string;
  defaultBranch?: string;
  /** Site paths the post-deploy smoke check requires in the published tree. */
  smokePaths?: string[];
}

const KEYS = ['$schema', 'buildDir', 'branch', 'remote', 'cname', 'defaultBranch', 'smokePaths'];
const STRING_KEYS = ['buildDir', 'branch', 'remote', 'cname', 'defaultBranch'];

export function readPagesConfig(file: string, text: string): PagesConfig {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix the file.`);
  }
  const unknown = Object.keys(config).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0)
    throw new Error(
      `${file} has unknown key(s) ${unknown.join(', ')}: allowed are ${KEYS.slice(1).join(', ')}.`,
    );
  for (const key of STRING_KEYS) {
    if (config[key] !== undefined && typeof config[key] !== 'string')
      throw new Error(`${file}: ${key} must be a string.`);
  }
  const smokePaths = config['smokePaths'];
  if (
    smokePaths !== undefined &&
    !(Array.isArray(smokePaths) && smokePaths.every((p) => typeof p === 'string'))
  ) {
    throw new Error(`${file}: smokePaths must be a list of site paths like ["/", "/api"].`);
  }
  if (!config['buildDir'])
    throw new Error(
      `${file} needs "buildDir": the folder of the built site, relative to the project (e.g. "build").`,
    );
  return config as unknown as PagesConfig;
}

/**
 * `deploy` and `rollback` for a static site with a pages.json beside its project.json. deploy builds
 * first, runs the project's deploy gates (its browser tests) and is never cached: publishing is a side
 * effect, not an output.
 */
export function inferPages(scan: ProjectScan, facts: WorkspaceFacts, deployGates: string[]): InferredParts {
  if (scan.root === '.' || !scan.has('pages.json')) return { targets: {} };
  const config = readPagesConfig(join(scan.root, 'pages.json'), scan.read('pages.json'));
  const buildDir = config.buildDir.replace(/^\.\/|\/$/g, '');
  const options = {
    buildDir: `{projectRoot}/${buildDir}`,
    ...(config.remote && { remote: config.remote }),
    ...(config.branch && { branch: config.branch }),
    ...(config.cname && { cname: config.cname }),
    ...(config.defaultBranch && { defaultBranch: config.defaultBranch }),
    ...(config.smokePaths && { smokePaths: config.smokePaths }),
  };
  const branch = config.branch ?? 'gh-pages';
  return {
    targets: {
      scan: {
        executor: `${facts.executorPackage}:scan`,
        options: { commit: false, folders: [`{projectRoot}/${buildDir}`] },
        dependsOn: ['build'],
        cache: false,
        metadata: {
          technologies: ['gitleaks'],
          description: `The scan stage before the deploy: gitleaks over ${buildDir}/ as it ships (no secret may leave in the site).`,
        },
      },
      deploy: {
        executor: `${facts.executorPackage}:pages-deploy`,
        options,
        dependsOn: ['build', ...deployGates, 'scan'],
        cache: false,
        metadata: {
          technologies: ['github-pages', 'git'],
          description: `Publish ${scan.root}/${buildDir} to the ${branch} branch as one new commit, after the build, ${[...deployGates, 'scan'].join(' and ')} (dry run off ${config.defaultBranch ?? 'main'} or without credentials).`,
          help: { command: 'git push --help', example: { options: { dryRun: true } } },
        },
      },
      rollback: {
        executor: `${facts.executorPackage}:pages-deploy`,
        options: { ...options, rollback: true },
        cache: false,
        metadata: {
          technologies: ['github-pages', 'git'],
          description: `Re-publish the previous deploy's tree on ${branch} as a new commit (history is never rewritten).`,
          help: { command: 'git push --help', example: { options: { dryRun: false } } },
        },
      },
    },
    groups: { 'GitHub Pages': ['scan', 'deploy', 'rollback'] },
    configFile: inProject(scan, 'pages.json'),
  };
}
