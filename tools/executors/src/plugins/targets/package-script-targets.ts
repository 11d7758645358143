import { importInputs } from '../inputs/import-inputs.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';

const TEST_CODE = /(\.spec\.tsx?$|\/testing\/|\/tests\/|vitest\.config\.ts$)/;
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

/**
 * A package.json `build` script (Nx runs package scripts as targets): cached, on the project's
 * production files, its dependencies' and the npm packages it declares, writing dist/.
 */
export function inferPackageScripts(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.manifest?.scripts?.['build'] || scan.has('next.config.ts'))
    return { targets: {} };
  return {
    targets: {
      build: {
        cache: true,
        inputs: [
          'production',
          // What its code imports from other projects (not what its tests do).
          ...importInputs(
            scan,
            facts,
            scan.files.filter((f) => /\.(ts|tsx|mjs|js)$/.test(f) && !TEST_CODE.test(f)),
            'folders',
          ),
          TSCONFIG_BASE,
          NODE_RUNTIME,
          ...(npm(
            Object.keys({ ...scan.manifest?.dependencies, ...scan.manifest?.devDependencies }).filter(
              (d) => !facts.packages.has(d),
            ),
          ) ?? []),
        ],
        outputs: ['{projectRoot}/dist'],
        metadata: {
          technologies: ['npm'],
          description: `npm run build (${scan.manifest.scripts['build']}), writing dist/.`,
        },
      },
    },
  };
}
