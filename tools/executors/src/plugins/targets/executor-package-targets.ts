import { posix } from 'node:path';
import { folderInputs, sourceClosure } from '../inputs/source-closure.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import type { InferredParts } from './common.js';

/**
 * A workspace package that provides Nx executors (package.json "executors"). What other projects read
 * of it through `^production` is what it exports to code (its package exports, except the Nx plugin,
 * which Nx loads itself and whose effect is in the project configurations) and its bins: the projects that run an
 * executor hash that executor's own code in their target's inputs, so a change to one executor reruns
 * its users and not every project that runs any executor.
 */
export function inferExecutorPackage(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (!scan.manifest?.executors || !scan.manifest.name) return { targets: {} };
  const entries = Object.entries(scan.manifest.exports ?? {})
    .filter(
      ([subpath, target]) =>
        typeof target === 'string' && subpath !== './plugin' && /\.(ts|mjs|js)$/.test(target),
    )
    .map(([, target]) => posix.normalize(inProject(scan, target as string)));
  const closure = sourceClosure(facts.workspaceRoot, entries, facts.packages).filter((f) =>
    f.startsWith(`${scan.root}/`),
  );
  return {
    targets: {},
    namedInputs: {
      production: [
        '{projectRoot}/package.json',
        `{projectRoot}/${scan.manifest.executors.replace(/^\.\//, '')}`,
        // Its bins are what it hands to programs.
        ...(scan.manifest.bin ? ['{projectRoot}/bin/**/*'] : []),
        ...folderInputs(closure, [], false).map((input) =>
          input.replace(`{workspaceRoot}/${scan.root}/`, '{projectRoot}/'),
        ),
      ],
    },
    executorPackage: scan.manifest.name,
  };
}
