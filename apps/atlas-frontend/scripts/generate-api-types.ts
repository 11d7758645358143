/**
 * Writes src/api/generated-types.ts from the API snapshot. With --check, writes nothing and exits 1
 * when the committed file is not what the snapshot produces.
 *   tsx scripts/generate-api-types.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GENERATED_FILE, renderFromSnapshot } from './api-snapshot';

function main(argv: string[]): number {
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`generate-api-types: unknown argument ${unknown.join(' ')}; the only option is --check.`);
    return 2;
  }
  const expected = renderFromSnapshot();
  const target = relative(process.cwd(), GENERATED_FILE);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(GENERATED_FILE, 'utf8');
    } catch {
      // A missing file is out of date like any other.
    }
    if (current === expected) return 0;
    console.error(
      `generate-api-types: ${target} is out of date with the API snapshot; run \`npx nx run atlas-frontend:generate-api-types\` and commit it.`,
    );
    return 1;
  }
  writeFileSync(GENERATED_FILE, expected);
  console.log(`generate-api-types: wrote ${target}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`generate-api-types: ${(error as Error).message}`);
  process.exitCode = 1;
}
