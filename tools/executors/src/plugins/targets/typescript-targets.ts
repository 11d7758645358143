import { importInputs } from '../inputs/import-inputs.js';
import { sourceClosure } from '../inputs/source-closure.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

/** `typecheck` for a project with a tsconfig.json: tsc --noEmit, on its sources and its dependencies' types. */
/** The files tsc and ESLint read of a project: its code and its configs (JSON it imports is added). */
export const TYPESCRIPT_FILES = [
  '{projectRoot}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}',
  '{projectRoot}/**/tsconfig*.json',
  '{projectRoot}/package.json',
  '!{projectRoot}/**/node_modules/**/*',
];

const CODE = /\.(ts|tsx|mts|cts)$/;

export function inferTypecheck(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('tsconfig.json')) return { targets: {} };
  const code = scan.files.filter((f) => CODE.test(f));
  const ownJson = sourceClosure(facts.workspaceRoot, code, facts.packages)
    .filter((f) => f.endsWith('.json') && f.startsWith(`${scan.root}/`))
    .map((f) => `{projectRoot}/${f.slice(scan.root.length + 1)}`);
  return {
    targets: {
      typecheck: {
        // From the workspace root: tsc names a file relative to where it runs, and in CI's log a path
        // from the root says which project it is.
        command: `tsc --noEmit -p ${scan.root}/tsconfig.json`,
        cache: true,
        inputs: [
          // What tsc reads: the sources (JSON through resolveJsonModule) and the config, not docs or data.
          ...TYPESCRIPT_FILES,
          ...ownJson,
          // tsc follows the imports into other projects, and reads only those modules there.
          ...importInputs(scan, facts, code, 'folders'),
          TSCONFIG_BASE,
          NODE_RUNTIME,
          ...(npm(['typescript', '@types/node', ...scan.npm.external]) ?? []),
        ],
        outputs: [],
        metadata: {
          technologies: ['typescript'],
          description: 'Type-check the project with the TypeScript compiler (tsc --noEmit, strict).',
          help: { command: `npx tsc --noEmit -p ${scan.root}/tsconfig.json`, example: {} },
        },
      },
    },
    groups: { TypeScript: ['typecheck'] },
    lint: ['typecheck'],
  };
}
