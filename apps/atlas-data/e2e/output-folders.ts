import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the local-development tests make: apps/atlas-data/test-output/dev-e2e (gitignored), emptied
 * when a run starts: logs of every session, screenshots, and the local environment the sessions use
 * (ATLAS_LOCAL_DIR), so a developer's own tmp/local database is never touched.
 */
export const DEV_E2E_OUTPUT = fileURLToPath(new URL('../test-output/dev-e2e', import.meta.url));
export const LOGS_DIR = join(DEV_E2E_OUTPUT, 'logs');
export const SCREENSHOTS_DIR = join(DEV_E2E_OUTPUT, 'screenshots');
/** The local environment of the sessions, relative to the workspace root as ATLAS_LOCAL_DIR takes it. */
export const LOCAL_DIR = 'apps/atlas-data/test-output/dev-e2e/local';
