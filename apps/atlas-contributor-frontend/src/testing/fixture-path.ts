import { fileURLToPath } from 'node:url';

/** The folder of the recorded test fixtures (a dbt target folder with run_results.json). */
export const fixturesDir: string = fileURLToPath(new URL('./fixtures', import.meta.url));
