// Compares api/openapi.json with the api_v1 models and exits non-zero when they disagree.
// Run: npx tsx libs/dbt-project/api/check-contract.ts (or npx nx run dbt-project:check-api-contract).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkApiContract } from './contract.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const problems = checkApiContract(projectDir);
if (problems.length > 0) {
  for (const problem of problems) console.error(`api contract: ${problem}`);
  console.error(
    `api contract: ${problems.length} difference(s) between api/openapi.json and models/api_v1; update both together.`,
  );
  process.exit(1);
}
console.log('api contract: api/openapi.json matches the api_v1 views.');
