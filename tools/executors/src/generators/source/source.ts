import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { formatFiles, generateFiles, logger } from '@nx/devkit';
import { expectServedAssets } from './lib/code-location-edits.js';
import { addDbtSource, addIndicator, addToFacts, addToFactUnitTests, factBlock } from './lib/dbt-edits.js';
import { documentSource } from './lib/docs-edits.js';
import { collectionOf, PAGE_SIZE, PERIODS, referenceKommuner, sampleRows } from './lib/fixture.js';
import {
  addCatalogueEntry,
  addFixture,
  addMigration,
  rawColumns,
  registerDefinition,
} from './lib/ingest-edits.js';
import { LAYOUT } from './lib/layout.js';
import { FORMAT_LABEL, normalizeOptions } from './lib/normalize-options.js';
import type { SourceGeneratorSchema } from './schema.js';

const FILES = join(dirname(fileURLToPath(import.meta.url)), 'files');

/**
 * `nx g @atlas/executors:source <id> --format=json-stat|csv|paged-json`: a source end to end, in
 * the places and the shape of the hand-written ones, so that the gates pass right after it with the
 * source loaded (dbt-build's setup), built and tested (its staging model, its indicator in the marts
 * and the API) and served (the code location's asset, checked by grpc-smoke). Nothing is written
 * when an option is wrong or a file it edits has an unexpected shape.
 */
export async function sourceGenerator(tree: Tree, schema: SourceGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);
  const substitutions = {
    ...options,
    tmpl: '',
    formatLabel: FORMAT_LABEL[options.format],
    columns: rawColumns(options),
    rows: sampleRows(tree, options),
    firstKommune: referenceKommuner(tree)[0]?.[0],
    periods: PERIODS,
    pageSize: PAGE_SIZE,
    collection: collectionOf(options),
    factBlock: factBlock(options),
  };
  generateFiles(
    tree,
    join(FILES, options.format),
    `${LAYOUT.ingest}/src/catalogue/sources/${options.id}`,
    substitutions,
  );
  generateFiles(tree, join(FILES, 'staging'), `${LAYOUT.dbt}/models/staging`, substitutions);
  addCatalogueEntry(tree, options);
  registerDefinition(tree, options);
  const migration = addMigration(tree, options);
  const fixtures = addFixture(tree, options);
  addDbtSource(tree, options);
  addIndicator(tree, options);
  addToFacts(tree, options);
  addToFactUnitTests(tree, options);
  expectServedAssets(tree, options);
  const undocumented = documentSource(tree, options);
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    logger.info(
      [
        `Source ${options.id} (${FORMAT_LABEL[options.format]}) added: raw.${options.table} (${migration}), stg_${options.table}, indicator ${options.indicator}.`,
        `The fixture (${fixtures.join(', ')}) is a sample in the upstream's form: record the real response and say in ${LAYOUT.fixturesReadme} what it was checked against.`,
        ...undocumented.map(
          (file) => `Not documented: ${file} has no table of sources; add ${options.id} there by hand.`,
        ),
        'Check it: npx nx run-many -t lint test -p atlas-data-ingest dbt-project atlas-data',
      ].join('\n'),
    );
  };
}

export default sourceGenerator;
