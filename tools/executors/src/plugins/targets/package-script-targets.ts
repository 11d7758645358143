import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

/**
 * A package.json `build` script (Nx runs package scripts as targets): cached, on the project's
 * production files, its dependencies' and the npm packages it declares, writing dist/.
 */
export function inferPackageScripts(scan: ProjectScan): InferredParts {
  if (scan.root === '.' || !scan.manifest?.scripts?.['build'] || scan.has('next.config.ts'))
    return { targets: {} };
  return {
    targets: {
      build: {
        cache: true,
        inputs: ['production', '^production', TSCONFIG_BASE, NODE_RUNTIME, ...(npm(scan.npm.external) ?? [])],
        outputs: ['{projectRoot}/dist'],
        metadata: {
          technologies: ['npm'],
          description: `npm run build (${scan.manifest.scripts['build']}), writing dist/.`,
        },
      },
    },
  };
}
