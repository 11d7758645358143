import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, type InferredParts } from './common.js';

/**
 * `format`: prettier --check over the project's files (the root project: the files no other project
 * owns). .prettierignore at the root says what is left alone (recorded fixtures keep their bytes).
 */
export function inferFormat(scan: ProjectScan): InferredParts {
  const paths =
    scan.root === '.'
      ? [
          ...new Set(
            scan.files.map((f) =>
              f.split('/')[0] === 'tools' ? 'tools/scripts' : (f.split('/')[0] as string),
            ),
          ),
        ].sort()
      : [scan.root];
  if (paths.length === 0) return { targets: {} };
  return {
    targets: {
      format: {
        command: `prettier --check --ignore-unknown --log-level warn ${paths.join(' ')}`,
        cache: true,
        inputs: [
          { fileset: '{projectRoot}/**/*' },
          '{workspaceRoot}/.prettierrc.json',
          '{workspaceRoot}/.prettierignore',
          NODE_RUNTIME,
          ...(npm(['prettier']) ?? []),
        ],
        outputs: [],
        metadata: {
          technologies: ['prettier'],
          description:
            'Check that the files are formatted with Prettier (write them with `npx prettier --write <path>`).',
          help: { command: `npx prettier --write ${paths.join(' ')}`, example: {} },
        },
      },
    },
    groups: { Lint: ['format'] },
    lint: ['format'],
  };
}
