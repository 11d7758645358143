import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a browser-test run puts what it makes: apps/website/test-output/e2e (gitignored), emptied when
 * a run starts, so what is there belongs to the last run.
 */
export const E2E_OUTPUT = fileURLToPath(new URL('../test-output/e2e', import.meta.url));

/** A screenshot of every test (named after it): what the page looked like when the test ended. */
export const SCREENSHOTS_DIR = join(E2E_OUTPUT, 'screenshots');

/** The output of the servers the tests start, one file each. */
export const LOGS_DIR = join(E2E_OUTPUT, 'logs');

/**
 * The temporary folder of the run: TMPDIR (and TMP, TEMP) of the test processes and of everything they
 * start, so Chromium's profile and any other tool's temporary files land here, never in the system
 * temporary folder, even when a run is killed halfway.
 */
export const RUN_TEMP_DIR = join(E2E_OUTPUT, 'tmp');

/** Caches that tools keep in their temporary folder on purpose, and may stay there after a run. */
export const TEMP_CACHES: readonly string[] = [
  // jiti, which loads docusaurus.config.ts for the dev server, keeps its transpiled copy here.
  'node-jiti',
];

/** The environment that points a process at the run's temporary folder. */
export function runTempEnv(): Record<'TMPDIR' | 'TMP' | 'TEMP', string> {
  return { TMPDIR: RUN_TEMP_DIR, TMP: RUN_TEMP_DIR, TEMP: RUN_TEMP_DIR };
}

/** A file name for a test's artefact: `renders the 404 page` → `renders-the-404-page`. */
export function artefactName(testName: string): string {
  return testName
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
