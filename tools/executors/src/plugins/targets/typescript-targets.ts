import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

/** `typecheck` for a project with a tsconfig.json: tsc --noEmit, on its sources and its dependencies' types. */
export function inferTypecheck(scan: ProjectScan): InferredParts {
  if (scan.root === '.' || !scan.has('tsconfig.json')) return { targets: {} };
  return {
    targets: {
      typecheck: {
        command: 'tsc --noEmit -p tsconfig.json',
        options: { cwd: scan.root },
        cache: true,
        inputs: [
          'default',
          '^production',
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
