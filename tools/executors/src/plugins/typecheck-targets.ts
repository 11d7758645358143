import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';

/** `typecheck` for every project folder with a tsconfig.json (never the workspace root). */
export function inferTypecheckTargets(
  configFile: string,
  _options: unknown,
  context: CreateNodesContext,
): CreateNodesResult {
  const root = dirname(configFile);
  const isProject = ['project.json', 'package.json'].some((f) =>
    existsSync(join(context.workspaceRoot, root, f)),
  );
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
