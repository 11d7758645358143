/**
 * The data-fidelity checks of the dbt project that read files, not data: no dbt object writes to
 * raw.* (from the manifest dbt-build wrote), and every source the project names is in the ingest's
 * catalogue. The checks on data (no sentinel in a per-kommune relation, every api_v1 figure equal to
 * its fixture's) are dbt tests that dbt-build runs.
 *
 *   npx tsx libs/dbt-project/scripts/fidelity/check-fidelity.ts [manifest.json]
 *   (default: ATLAS_DBT_MANIFEST, which dbt-build sets when it runs this as a check command, else
 *   libs/dbt-project/target/nx-build/manifest.json, dbt-build's output)
 * Exit 0 when clean, 1 with one line per problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '@atlas/atlas-data-ingest';
import { unknownSources } from './catalogue-references.js';
import { rawWrites, type Manifest } from './raw-writes.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const manifestPath = resolve(
  process.argv[2] ??
    process.env['ATLAS_DBT_MANIFEST'] ??
    resolve(projectDir, 'target', 'nx-build', 'manifest.json'),
);

function main(): number {
  if (!existsSync(manifestPath)) {
    console.error(
      `check-fidelity: ${manifestPath} does not exist: run npx nx run dbt-project:dbt-build first (it writes the manifest).`,
    );
    return 1;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const problems = [...rawWrites(manifest), ...unknownSources(projectDir, CATALOGUE.sources)];
  for (const problem of problems) console.error(`check-fidelity: ${problem}`);
  if (problems.length > 0) return 1;
  console.log(
    `check-fidelity: no dbt object writes to raw.* (${Object.keys(manifest.nodes ?? {}).length} nodes), every source named is in the catalogue (${CATALOGUE.sources.length} sources).`,
  );
  return 0;
}

process.exit(main());
