import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, type InferredParts } from './common.js';
import { TYPESCRIPT_FILES } from './typescript-targets.js';

const PACKAGE_IMPORT = /from\s+['"]((?:@[^/'"]+\/)?[^./'"][^/'"]*)/g;

/** npm packages an ESLint config file imports (its plugins and shared configs). */
export function configPackages(text: string): string[] {
  return [...text.matchAll(PACKAGE_IMPORT)].map((m) => m[1] as string).filter((p) => !p.startsWith('node:'));
}

/**
 * `eslint` for a project with an eslint.config.mjs: the flat config extends the root one, so both
 * files and the packages either imports are the target's inputs, with the project's own files.
 */
export function inferEslint(scan: ProjectScan, rootConfig: string | undefined): InferredParts {
  if (scan.root === '.' || !scan.has('eslint.config.mjs')) return { targets: {} };
  const packages = [
    'eslint',
    ...configPackages(rootConfig ?? ''),
    ...configPackages(scan.read('eslint.config.mjs')),
  ];
  return {
    targets: {
      eslint: {
        command: 'eslint .',
        options: { cwd: scan.root },
        cache: true,
        inputs: [
          ...TYPESCRIPT_FILES,
          '{workspaceRoot}/eslint.config.mjs',
          NODE_RUNTIME,
          ...(npm(packages) ?? []),
        ],
        outputs: [],
        metadata: {
          technologies: ['eslint'],
          description: 'ESLint (flat config, typescript-eslint, Nx module boundaries) over the project.',
          help: { command: `npx eslint ${scan.root}`, example: {} },
        },
      },
    },
    groups: { Lint: ['eslint'] },
    lint: ['eslint'],
  };
}
