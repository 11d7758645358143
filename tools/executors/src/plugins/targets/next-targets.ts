import { folderInputs, sourceClosure } from '../inputs/source-closure.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, TSCONFIG_BASE, type InferredParts } from './common.js';

const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' };
/** Sources the app ships: not its specs, test helpers or test data. */
const SHIPPED = /\.(ts|tsx)$/;
const TEST_CODE = /(\.spec\.tsx?$|\/testing\/|\/tests\/|vitest\.config\.ts$)/;

/**
 * For a Next.js app (next.config.ts), @nx/next infers build, dev and start; this narrows the build's
 * inputs to what the build reads: the app's production files and the workspace code they import (not
 * what its tests import: the app's next.config leaves type checking to the typecheck target), and the
 * npm packages the app declares. Telemetry is off for all three.
 */
export function inferNext(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('next.config.ts')) return { targets: {} };
  // Next builds the app from src/ (scripts and configs are not part of what it bundles).
  const shipped = scan.files.filter(
    (f) => f.startsWith(`${scan.root}/src/`) && SHIPPED.test(f) && !TEST_CODE.test(f),
  );
  const imported = sourceClosure(facts.workspaceRoot, shipped, facts.packages).filter(
    (f) => !f.startsWith(`${scan.root}/`),
  );
  // What it ships with (its dependencies, not its test tools); workspace packages are hashed as files.
  const dependencies = Object.keys({ ...scan.manifest?.dependencies }).filter((d) => !facts.packages.has(d));
  return {
    targets: {
      build: {
        inputs: [
          'production',
          ...folderInputs(imported, [], false),
          TSCONFIG_BASE,
          NODE_RUNTIME,
          ...(npm(['next', ...dependencies]) ?? []),
        ],
        options: { env: NEXT_ENV },
      },
      dev: { options: { env: NEXT_ENV } },
      start: { options: { env: NEXT_ENV } },
    },
  };
}
