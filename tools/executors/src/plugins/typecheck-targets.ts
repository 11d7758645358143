import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createNodesFromFiles, type CreateNodesContext, type CreateNodesResult } from '@nx/devkit';

export const TYPECHECK_GLOB = '**/tsconfig.json';

function inferTypecheck(configFile: string, _options: unknown, context: CreateNodesContext): CreateNodesResult {
  const root = dirname(configFile);
  // Only project folders (with project.json or package.json), never the workspace root.
  const isProject = ['project.json', 'package.json'].some((f) => existsSync(join(context.workspaceRoot, root, f)));
  if (root === '.' || !isProject) return {};
  return {
    projects: {
      [root]: {
        targets: {
          typecheck: {
            command: 'tsc --noEmit -p tsconfig.json',
            options: { cwd: root },
            cache: true,
            inputs: ['default', '^production', { externalDependencies: ['typescript'] }],
            outputs: [],
            metadata: {
              technologies: ['typescript'],
              description: 'Type-check the project with the TypeScript compiler (no output).',
              help: { command: `npx tsc --noEmit -p ${root}/tsconfig.json`, example: {} },
            },
          },
        },
      },
    },
  };
}

export function createTypecheckNodes(
  configFiles: readonly string[],
  options: unknown,
  context: CreateNodesContext,
): ReturnType<typeof createNodesFromFiles> {
  return createNodesFromFiles(inferTypecheck, configFiles, options, context);
}
