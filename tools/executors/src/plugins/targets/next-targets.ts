import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' };

/**
 * For a Next.js app (next.config.ts), @nx/next infers build, dev and start; this narrows the build's
 * inputs to the app's production files, its dependencies' and the npm packages it declares (Nx would
 * otherwise hash every package of the lock for a command target), and turns telemetry off for all three.
 */
export function inferNext(scan: ProjectScan): InferredParts {
  if (scan.root === '.' || !scan.has('next.config.ts')) return { targets: {} };
  return {
    targets: {
      build: {
        inputs: [
          'production',
          '^production',
          TSCONFIG_BASE,
          NODE_RUNTIME,
          ...(npm(['next', ...scan.npm.external]) ?? []),
        ],
        options: { env: NEXT_ENV },
      },
      dev: { options: { env: NEXT_ENV } },
      start: { options: { env: NEXT_ENV } },
    },
  };
}
