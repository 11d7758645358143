import type { TargetConfiguration } from '@nx/devkit';
import { importInputs } from '../inputs/import-inputs.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

/** site-assets.json beside a Docusaurus config: what the site copies into static/ at build time. */
export interface SiteAssets {
  assets: Array<{
    /** Workspace-relative file or folder. */
    from: string;
    /** Relative to the site folder. */
    to: string;
    /** The task that writes `from` (`project:target`), when it is a build output rather than a committed file. */
    builtBy?: string;
  }>;
}

export function readSiteAssets(scan: ProjectScan): SiteAssets {
  if (!scan.has('site-assets.json')) return { assets: [] };
  const file = inProject(scan, 'site-assets.json');
  let parsed: SiteAssets;
  try {
    parsed = JSON.parse(scan.read('site-assets.json')) as SiteAssets;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix the file.`);
  }
  if (
    !Array.isArray(parsed.assets) ||
    !parsed.assets.every((a) => typeof a.from === 'string' && typeof a.to === 'string')
  )
    throw new Error(`${file} needs "assets": [{ "from": "<workspace path>", "to": "<path in the site>" }].`);
  return parsed;
}

const taskOf = (builtBy: string) => {
  const [project, target] = builtBy.split(':');
  return { projects: [project as string], target: target as string };
};

/**
 * The targets of a Docusaurus site (a folder with docusaurus.config.ts): site-assets (copy what
 * site-assets.json lists into static/), build, serve (localhost:3000, continuous) and e2e (browser
 * tests on the built site, when vitest.e2e.config.ts is there). The build hashes the site's own files,
 * the committed assets it copies and the outputs of the tasks that build the others, not the whole
 * projects they come from.
 */
export function inferSite(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('docusaurus.config.ts')) return { targets: {} };
  const { assets } = readSiteAssets(scan);
  const upstream = assets.filter((a) => a.builtBy).map((a) => taskOf(a.builtBy as string));
  const committed = assets.filter((a) => !a.builtBy).map((a) => `{workspaceRoot}/${a.from}`);
  const packages = npm(['@docusaurus/core', ...scan.npm.external]) ?? [];
  const targets: Record<string, TargetConfiguration> = {
    'site-assets': {
      command: 'tsx scripts/copy-site-assets.ts',
      options: { cwd: scan.root },
      cache: false,
      dependsOn: upstream,
      metadata: {
        technologies: ['docusaurus'],
        description: `Copy what site-assets.json lists into the site: ${assets.map((a) => `${a.from} → ${a.to}`).join(', ')}.`,
      },
    },
    build: {
      command: 'docusaurus build --out-dir build',
      options: { cwd: scan.root, env: { NO_UPDATE_NOTIFIER: '1' } },
      cache: true,
      dependsOn: ['site-assets', ...upstream],
      inputs: [
        'production',
        ...committed,
        { dependentTasksOutputFiles: '**/*', transitive: true },
        { env: 'ATLAS_OPENAPI_URL' },
        TSCONFIG_BASE,
        NODE_RUNTIME,
        ...packages,
      ],
      outputs: ['{projectRoot}/build'],
      metadata: {
        technologies: ['docusaurus'],
        description:
          'Build the static site into build/, with the assets site-assets.json lists (a live API document instead when ATLAS_OPENAPI_URL is set).',
        help: { command: `cd ${scan.root} && npx docusaurus build --help`, example: {} },
      },
    },
    serve: {
      command: 'docusaurus start --host localhost --port 3000 --no-open',
      options: { cwd: scan.root, env: { NO_UPDATE_NOTIFIER: '1' } },
      continuous: true,
      dependsOn: ['site-assets'],
      metadata: {
        technologies: ['docusaurus'],
        description: 'The site on http://localhost:3000, reloading on change.',
      },
    },
  };
  const test: string[] = [];
  if (scan.has('vitest.e2e.config.ts')) {
    targets['e2e'] = {
      command: 'vitest run --config vitest.e2e.config.ts',
      options: { cwd: scan.root },
      cache: true,
      dependsOn: ['build'],
      inputs: [
        '{projectRoot}/e2e/**/*',
        '{projectRoot}/vitest.e2e.config.ts',
        '{projectRoot}/package.json',
        ...importInputs(
          scan,
          facts,
          scan.files.filter((f) => f.startsWith(`${scan.root}/e2e/`) && /\.tsx?$/.test(f)),
          'projects',
        ),
        { dependentTasksOutputFiles: '**/*' },
        { env: 'ATLAS_CHROMIUM' },
        NODE_RUNTIME,
        ...(npm(['vitest', 'playwright-core', ...scan.npm.external]) ?? []),
      ],
      outputs: ['{projectRoot}/test-output/e2e'],
      metadata: {
        technologies: ['playwright', 'vitest'],
        description: 'Browser tests (Chromium) on the built site, and a check that the dev server answers.',
        help: { command: `cd ${scan.root} && npx vitest run --config vitest.e2e.config.ts`, example: {} },
      },
    };
    test.push('e2e');
  }
  return {
    targets,
    groups: { Docusaurus: Object.keys(targets) },
    test,
    deployGates: test,
    reads: assets.map((a) => ({ path: a.from, file: inProject(scan, 'site-assets.json') })),
  };
}
