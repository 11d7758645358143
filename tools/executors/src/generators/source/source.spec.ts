import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '@atlas/runtime';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LAYOUT } from './lib/layout.js';
import { sourceGenerator as writeSource } from './source.js';
import type { SourceGeneratorSchema } from './schema.js';

/**
 * The generator on an in-memory workspace (Nx's createTreeWithEmptyWorkspace) holding the files it
 * edits as they are in this repository, so each case sees the real shapes; what it writes is read
 * back with the parsers that will read it (JSON, YAML, CSV lines, the catalogue's TypeScript).
 */
const EDITED = [
  LAYOUT.catalogue,
  LAYOUT.definitions,
  LAYOUT.referenceKommuner,
  LAYOUT.fixturesReadme,
  LAYOUT.ingestReadme,
  LAYOUT.dbtSources,
  LAYOUT.indicators,
  LAYOUT.facts,
  LAYOUT.factTests,
  LAYOUT.dbtReadme,
  LAYOUT.codeLocation,
  LAYOUT.dataFlowDoc,
  '.prettierrc.json',
  '.prettierignore',
];

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const file of EDITED) tree.write(file, readFileSync(join(workspaceRoot, file)));
  for (const migration of ['0001_raw_schema.sql', '0002_real_source_shapes.sql'])
    tree.write(
      `${LAYOUT.migrations}/${migration}`,
      readFileSync(join(workspaceRoot, LAYOUT.migrations, migration)),
    );
  return tree;
}

const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';
const catalogue = (tree: Tree) =>
  JSON.parse(read(tree, LAYOUT.catalogue)) as {
    sources: { id: string; table: string; schedule: string; title: string }[];
  };

const JSON_STAT: SourceGeneratorSchema = {
  id: 'ssb-households',
  format: 'json-stat',
  path: '/api/pxwebapi/v2/tables/06079/data',
  contentsCode: 'Husholdninger',
  indicator: 'households',
  unit: 'households',
  title: 'SSB table 06079: private households per kommune',
  schedule: '20 2 * * 1',
};

/**
 * The generator without its final format: Nx's in-memory workspace has no Prettier of its own to
 * format with (it tries oxfmt, which this workspace does not use). The formatted result is checked
 * by the lint gate in source.gates.spec.ts, in a real copy of the workspace.
 */
const sourceGenerator = (tree: Tree, options: SourceGeneratorSchema) =>
  writeSource(tree, { ...options, skipFormat: true });

describe('source generator', () => {
  it('adds a JSON-stat source in every place a source has', async () => {
    const tree = workspace();
    await sourceGenerator(tree, JSON_STAT);

    expect(catalogue(tree).sources.at(-1)).toEqual({
      id: 'ssb-households',
      table: 'ssb_households',
      schedule: '20 2 * * 1',
      title: 'SSB table 06079: private households per kommune',
    });
    const definitions = read(tree, LAYOUT.definitions);
    expect(definitions).toContain(
      "import { ssbHouseholds } from './sources/ssb-households/ssb-households.js';",
    );
    expect(definitions).toMatch(/navUnemployment,\n {2}ssbHouseholds,\n\];/);

    const definition = read(tree, `${LAYOUT.ingest}/src/catalogue/sources/ssb-households/ssb-households.ts`);
    expect(definition).toContain("const TABLE_PATH = '/api/pxwebapi/v2/tables/06079/data';");
    expect(definition).toContain("const CONTENTS = 'Husholdninger';");
    expect(definition).toContain("baseUrl: 'https://data.ssb.no',");
    expect(definition).not.toContain('<%');
    expect(tree.exists(`${LAYOUT.ingest}/src/catalogue/sources/ssb-households/ssb-households.spec.ts`)).toBe(
      true,
    );

    const migration = read(tree, `${LAYOUT.migrations}/0003_ssb_households.sql`);
    expect(migration).toMatch(
      /create table raw\.ssb_households \(\n {4}region_code +text not null,\n {4}period +text not null,\n {4}value +numeric,\n {4}_load_id +bigint not null,\n {4}_loaded_at +timestamptz not null\n\);/,
    );

    const fixture = JSON.parse(read(tree, `${LAYOUT.fixtures}/ssb-households/data.json`)) as {
      version: string;
      id: string[];
      size: number[];
      dimension: { Region: { category: { index: Record<string, number> } } };
      value: (number | null)[];
      status: Record<string, string>;
    };
    expect(fixture).toMatchObject({
      version: '2.0',
      class: 'dataset',
      id: ['Region', 'ContentsCode', 'Tid'],
      size: [12, 1, 2],
    });
    expect(Object.keys(fixture.dimension.Region.category.index)).toContain('K-0301');
    expect(fixture.value).toHaveLength(24);
    expect(fixture.value[0]).toBeNull();
    expect(fixture.status).toEqual({ '0': '..' });

    const sources = parseYaml(read(tree, LAYOUT.dbtSources)) as {
      sources: { name: string; tables: { name: string }[] }[];
    };
    expect(sources.sources[0]?.tables.map((t) => t.name).at(-1)).toBe('ssb_households');
    const staging = read(tree, `${LAYOUT.dbt}/models/staging/stg_ssb_households.sql`);
    expect(staging).toContain("select * from {{ source('raw', 'ssb_households') }}");
    expect(staging).toContain("{{ strip_region_prefix('region_code') }} as region_code,");
    const stagingYml = parseYaml(read(tree, `${LAYOUT.dbt}/models/staging/stg_ssb_households.yml`)) as {
      models: { name: string; data_tests: unknown[] }[];
    };
    expect(stagingYml.models[0]?.name).toBe('stg_ssb_households');

    expect(read(tree, LAYOUT.indicators).trim().split('\n').at(-1)).toBe(
      'households,SSB table 06079: private households per kommune,households,ssb-households,SSB table 06079: private households per kommune; one value per kommune and period (source ssb-households).',
    );
    const facts = read(tree, LAYOUT.facts);
    expect(facts).toContain("from {{ ref('stg_ssb_households') }}");
    expect(facts).toMatch(/union all\n {4}select \* from ssb_households_values\n\n\),\n/);
    const unitTests = parseYaml(read(tree, LAYOUT.factTests)) as {
      unit_tests: { model: string; given: { input: string; rows?: unknown[] }[] }[];
    };
    for (const test of unitTests.unit_tests)
      expect(test.given).toContainEqual({ input: "ref('stg_ssb_households')", rows: [] });

    expect(read(tree, LAYOUT.codeLocation)).toMatch(
      /"raw\/ssb_households",\n {4}"staging\/stg_ssb_households",\n\]/,
    );
    for (const doc of [LAYOUT.ingestReadme, LAYOUT.fixturesReadme, LAYOUT.dbtReadme, LAYOUT.dataFlowDoc])
      expect(read(tree, doc), doc).toMatch(/^\| `(ssb-households\/?|stg_ssb_households)` +\|/m);
  });

  it('writes a CSV source whose sample is the delimited file its reader expects', async () => {
    const tree = workspace();
    await sourceGenerator(tree, {
      id: 'kommune-tall',
      format: 'csv',
      baseUrl: 'https://statistikk.test.example',
      path: '/eksport/tall.csv',
      unit: 'percent',
    });
    const file = read(tree, `${LAYOUT.fixtures}/kommune-tall/data.csv`);
    const lines = file.split('\r\n');
    expect(lines[0]).toBe('"Region";"Periode";"Verdi"');
    expect(lines[1]).toMatch(/^"0 Hele landet";"2023";"\d+(,\d)?"$/);
    expect(lines).toContain('"0301 Oslo - Oslove";"2023";".."');
    expect(lines.at(-1)).toBe('');
    expect(read(tree, `${LAYOUT.migrations}/0003_kommune_tall.sql`)).toContain(
      '    region     text not null,',
    );
    expect(read(tree, `${LAYOUT.dbt}/models/staging/stg_kommune_tall.sql`)).toContain(
      "split_part(trim(region), ' ', 1) as region_code,",
    );
    expect(catalogue(tree).sources.at(-1)).toMatchObject({ table: 'kommune_tall', schedule: '0 4 * * 1' });
  });

  it('writes a paged source as HAL pages linked by next, on the collection path', async () => {
    const tree = workspace();
    await sourceGenerator(tree, {
      id: 'kommune-sider',
      format: 'paged-json',
      baseUrl: 'https://api.test.example',
      path: '/api/v1/verdier',
    });
    const pages = [0, 1, 2].map(
      (n) =>
        JSON.parse(read(tree, `${LAYOUT.fixtures}/kommune-sider/page-${n}.json`)) as {
          _embedded: { verdier: unknown[] };
          _links: { next?: { href: string } };
          page: { number: number; totalPages: number; totalElements: number };
        },
    );
    expect(tree.exists(`${LAYOUT.fixtures}/kommune-sider/page-3.json`)).toBe(false);
    expect(pages.map((p) => p._embedded.verdier.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p._links.next?.href)).toEqual([
      'https://api.test.example/api/v1/verdier?page=1&size=10',
      'https://api.test.example/api/v1/verdier?page=2&size=10',
      undefined,
    ]);
    expect(pages.every((p) => p.page.totalElements === 25 && p.page.totalPages === 3)).toBe(true);
    expect(read(tree, `${LAYOUT.ingest}/src/catalogue/sources/kommune-sider/kommune-sider.ts`)).toContain(
      "const COLLECTION = 'verdier';",
    );
  });

  it('numbers migrations on and keeps the catalogue order when sources are added one after another', async () => {
    const tree = workspace();
    await sourceGenerator(tree, JSON_STAT);
    await sourceGenerator(tree, {
      ...JSON_STAT,
      id: 'ssb-dwellings',
      indicator: 'dwellings',
      title: 'SSB dwellings',
    });
    expect(tree.exists(`${LAYOUT.migrations}/0004_ssb_dwellings.sql`)).toBe(true);
    expect(
      catalogue(tree)
        .sources.map((s) => s.id)
        .slice(-2),
    ).toEqual(['ssb-households', 'ssb-dwellings']);
    expect(read(tree, LAYOUT.facts).match(/union all\n {4}select \* from ssb_\w+_values/g)).toHaveLength(2);
  });

  it.each([
    [
      { id: 'SSB_x' },
      'source generator: "SSB_x" is not a source id: use lower-case words joined by hyphens (ssb-households).',
    ],
    [
      { id: 'ssb-population' },
      'source generator: source "ssb-population" is already in libs/atlas-data-ingest/src/catalogue/sources.json: choose another id.',
    ],
    [
      { table: 'ssb_crime' },
      'source generator: raw.ssb_crime is already the table of source "ssb-crime": pass another --table.',
    ],
    [
      { schedule: 'daily' },
      'source generator: --schedule "daily" is not a cron of five fields (minute hour day month weekday), e.g. "0 4 * * 1".',
    ],
    [
      { baseUrl: 'http://data.ssb.no' },
      'source generator: --baseUrl "http://data.ssb.no" must be an https URL without a query, e.g. https://data.ssb.no.',
    ],
    [
      { format: 'csv' as const, baseUrl: undefined },
      "source generator: --baseUrl is required for a csv source: the upstream's https origin.",
    ],
    [
      { path: undefined },
      "source generator: --path is required: the table's data path, e.g. /api/pxwebapi/v2/tables/07459/data.",
    ],
    [
      { path: '/data?lang=no' },
      'source generator: --path "/data?lang=no" must start with / and carry no query (the source adds its own).',
    ],
    [
      { indicator: 'population' },
      'source generator: indicator "population" is already in libs/dbt-project/seeds/indicators.csv: pass another --indicator.',
    ],
  ] as [Partial<SourceGeneratorSchema>, string][])(
    'refuses %o in one line and writes nothing',
    async (change, message) => {
      const tree = workspace();
      const before = tree.listChanges().map((c) => c.path);
      await expect(sourceGenerator(tree, { ...JSON_STAT, ...change })).rejects.toThrow(message);
      expect(tree.listChanges().map((c) => c.path)).toEqual(before);
    },
  );
});
