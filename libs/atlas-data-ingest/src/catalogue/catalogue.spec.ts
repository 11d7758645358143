import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../fixtures/fixture-server.js';
import { readFixture, withFixtureCopy } from '../fixtures/read-fixture.js';
import { CATALOGUE } from './catalogue-entry.js';
import { findSource, SOURCES } from './catalogue.js';
import { REFERENCE_KOMMUNENUMMER, REFERENCE_KOMMUNER } from './reference-kommuner.js';
import type { RawRow, SourceDefinition } from './source-definition.js';

/** The data contract: source id → raw table and its columns, in order (migrations 0001, 0002). */
const CONTRACT: Record<string, { table: string; columns: string[] }> = {
  kommuner: { table: 'kommuner', columns: ['kommunenummer text', 'kommunenavn text', 'valid_from date'] },
  'ssb-population': {
    table: 'ssb_population',
    columns: ['region_code text', 'year int', 'population int'],
  },
  'ssb-crime': {
    table: 'ssb_crime',
    columns: [
      'region_code text',
      'region_label text',
      'offence_group_code text',
      'offence_group_label text',
      'period text',
      'reported_offences numeric',
      'offences_per_1000 numeric',
    ],
  },
  'fhi-life-expectancy': {
    table: 'fhi_life_expectancy',
    columns: ['geo_code text', 'period_code text', 'sex_code text', 'life_expectancy numeric'],
  },
  'brreg-enheter': {
    table: 'brreg_enheter',
    columns: [
      'organisasjonsnummer text',
      'navn text',
      'organisasjonsform text',
      'naeringskode text',
      'antall_ansatte int',
      'har_registrert_antall_ansatte boolean',
      'kommunenummer text',
      'stiftelsesdato date',
    ],
  },
  'nav-unemployment': {
    table: 'nav_unemployment',
    columns: [
      'region_label text',
      'month date',
      'registered_unemployed int',
      'percent_of_labour_force numeric',
    ],
  },
};

const source = (id: string) => findSource(id) as SourceDefinition;

/** Where each source names a kommune, as the publisher writes it. */
const KOMMUNE_OF: Record<string, (row: RawRow) => string | undefined> = {
  kommuner: (r) => r[0] as string,
  'ssb-population': (r) => (r[0] as string).replace(/^K-/, ''),
  'ssb-crime': (r) => r[0] as string,
  'fhi-life-expectancy': (r) => r[0] as string,
  'brreg-enheter': (r) => (r[6] as string | null) ?? undefined,
  'nav-unemployment': (r) => /^(\d{4}) /.exec(r[0] as string)?.[1],
};

describe('the source catalogue', () => {
  it('is sources.json: the same sources in its order, with their tables and schedules', () => {
    expect(SOURCES.map((s) => [s.id, s.table, s.schedule, s.title])).toEqual(
      CATALOGUE.sources.map((s) => [s.id, s.table, s.schedule, s.title]),
    );
    expect(CATALOGUE.timezone).toBe('Europe/Oslo');
  });

  it('declares exactly the contract sources, tables and columns', () => {
    const declared = Object.fromEntries(
      SOURCES.map((s) => [s.id, { table: s.table, columns: s.columns.map((c) => `${c.name} ${c.type}`) }]),
    );
    expect(declared).toEqual(CONTRACT);
  });

  it('gives every source a cron schedule, an https upstream and a fixture for its first request', () => {
    for (const s of SOURCES) {
      expect(s.schedule.split(' '), s.id).toHaveLength(5);
      expect(s.baseUrl, s.id).toMatch(/^https:\/\//);
      const first = s.firstRequest();
      expect(s.fixtureFor(first.method, first.path), s.id).toBeTruthy();
    }
  });

  it.each(SOURCES.map((s) => [s.id, s] as const))(
    '%s reads its recorded fixture into valid rows that cover the reference kommuner',
    async (id, s) => {
      const { values } = await readFixture(s);
      expect(values.length).toBeGreaterThan(0);
      for (const row of values) expect(row).toHaveLength(s.columns.length);
      const kommuner = new Set(values.map(KOMMUNE_OF[id] as (r: RawRow) => string | undefined));
      for (const k of REFERENCE_KOMMUNENUMMER) expect(kommuner.has(k), `${id} has ${k}`).toBe(true);
    },
  );
});

describe('kommuner: KLASS 131 codesAt', () => {
  it('reads the 357 kommuner valid from 2024 and the 9999 "Uoppgitt" code the classification carries', async () => {
    const { values, shape } = await readFixture(source('kommuner'));
    expect(values).toHaveLength(358);
    expect(new Set(values.map((r) => r[0])).size).toBe(358);
    expect(values).toContainEqual(['9999', 'Uoppgitt', null]);
    for (const [nummer, navn] of REFERENCE_KOMMUNER) expect(values).toContainEqual([nummer, navn, null]);
    // codesAt serves these fields and no others (the range endpoint adds validFromInRequestedRange).
    expect(shape.toJSON()['codes[] field']).toEqual([
      'code',
      'level',
      'name',
      'notes',
      'parentCode',
      'presentationName',
      'shortName',
      'validFrom',
      'validTo',
    ]);
  });
});

describe('ssb-population: 07459 with codelist agg_KommSummer', () => {
  it('keeps the K- region codes SSB answers with, for every kommune and the two years', async () => {
    const { values } = await readFixture(source('ssb-population'));
    expect(values).toHaveLength(357 * 2);
    expect(values.every((r) => /^K-\d{4}$/.test(r[0] as string))).toBe(true);
    expect(values).toContainEqual(['K-0301', 2024, 717710]);
  });

  it('asks for the grouping and names the request when the prefix is missing', async () => {
    expect(source('ssb-population').firstRequest().path).toContain('codelist%5BRegion%5D=agg_KommSummer');
    const json = JSON.parse(await readFile(join(FIXTURES_DIR, 'ssb-population', '07459.json'), 'utf8')) as {
      dimension: { Region: { category: { index: Record<string, number> } } };
    };
    const index = json.dimension.Region.category.index;
    json.dimension.Region.category.index = Object.fromEntries(
      Object.entries(index).map(([k, v]) => [k.slice(2), v]),
    );
    await expect(readBody('ssb-population', JSON.stringify(json))).rejects.toThrow(
      'ssb-population: row 1 (Region=0301, ContentsCode=Personer1, Tid=2023), field "region_code": "0301" is not a region of the agg_KommSummer grouping (K-<kommunenummer>): SSB did not apply codelist[Region], check the request',
    );
  });
});

describe('ssb-crime: 08487', () => {
  it('reads Gjerningssted, both content codes side by side and two-year periods', async () => {
    const { values } = await readFixture(source('ssb-crime'));
    const oslo = values.filter((r) => r[0] === '0301' && r[2] === '1AAAAA-9ZZZZz');
    expect(oslo.map((r) => r[4])).toEqual(['2023-2024', '2024-2025']);
    expect(oslo.every((r) => typeof r[5] === 'number' && typeof r[6] === 'number')).toBe(true);
    // Places as SSB writes them: totals, counties, unknown-kommune buckets, former kommuner.
    expect(new Set(values.map((r) => r[0]))).toEqual(
      new Set([
        'Ialt',
        '0',
        '00',
        '0000',
        '99',
        '03',
        '46',
        '0399',
        '4699',
        '3005',
        '1201',
        ...REFERENCE_KOMMUNENUMMER,
      ]),
    );
  });

  it('loads all 16 offence groups, the 9 of the grouping before 2015 without figures in recent periods', async () => {
    const { values, shape } = await readFixture(source('ssb-crime'));
    expect(shape.toJSON()['LovbruddKrim code']).toHaveLength(16);
    const legacy = values.filter((r) => !/ZZZZz$/.test(r[2] as string));
    expect(new Set(legacy.map((r) => r[2])).size).toBe(9);
    expect(legacy.every((r) => r[5] === null && r[6] === null)).toBe(true);
  });

  it('refuses a period that is not two years', async () => {
    const text = (await readFile(join(FIXTURES_DIR, 'ssb-crime', '08487.json'), 'utf8')).replaceAll(
      '"2023-2024"',
      '"2023"',
    );
    await expect(readBody('ssb-crime', text)).rejects.toThrow(
      /^ssb-crime: row 1 \(Gjerningssted=Ialt, LovbruddKrim=1AAAAA-9ZZZZz, ContentsCode=AnmeldteLovbrudd, Tid=2023\), field "period": "2023" is not a two-year period \(2023-2024\)/,
    );
  });
});

describe('fhi-life-expectancy: FHI table 660', () => {
  it('sends exactly one documented filter for each dimension of the table', async () => {
    const body = source('fhi-life-expectancy').firstRequest().body as {
      dimensions: { code: string; filter: string; values: string[] }[];
    };
    const dataset = JSON.parse(
      await readFile(join(FIXTURES_DIR, 'fhi-life-expectancy', 'life-expectancy.json'), 'utf8'),
    ) as {
      id: string[];
    };
    expect(body.dimensions.map((d) => d.code).sort()).toEqual([...dataset.id].sort());
    expect(dataset.id).toEqual(['GEO', 'AAR', 'KJONN', 'ALDER', 'UTDANN', 'MEASURE_TYPE']);
    for (const d of body.dimensions) {
      expect(['item', 'all', 'top'], d.code).toContain(d.filter);
      expect(d.values.length, d.code).toBeGreaterThan(0);
    }
    expect(body.dimensions.find((d) => d.code === 'MEASURE_TYPE')).toEqual({
      code: 'MEASURE_TYPE',
      filter: 'item',
      values: ['MEIS'],
    });
  });

  it('keeps GEO, the period code and the sex code as FHI writes them, suppressed values as null', async () => {
    const { values } = await readFixture(source('fhi-life-expectancy'));
    expect(new Set(values.map((r) => r[1]))).toEqual(new Set(['1998_2022', '1999_2023']));
    expect(new Set(values.map((r) => r[2]))).toEqual(new Set(['0', '1', '2']));
    expect(values.filter((r) => r[0] === '030101').every((r) => r[3] === null)).toBe(true);
    expect(values.some((r) => r[0] === '0' && typeof r[3] === 'number')).toBe(true);
  });

  it('names a fixed dimension that answers with another category', async () => {
    const text = (
      await readFile(join(FIXTURES_DIR, 'fhi-life-expectancy', 'life-expectancy.json'), 'utf8')
    ).replaceAll('"0_0"', '"30_30"');
    await expect(readBody('fhi-life-expectancy', text)).rejects.toThrow(
      'fhi-life-expectancy: field "ALDER": dimension "ALDER" answers with "30_30", the query asked for "0_0": the table changed, update the source definition',
    );
  });
});

/** Read a source from a copy of the fixtures where its first fixture file has `body`. */
async function readBody(id: string, body: string): Promise<RawRow[]> {
  const s = source(id);
  const first = s.firstRequest();
  return withFixtureCopy(async (dir) => {
    await writeFile(join(dir, id, s.fixtureFor(first.method, first.path) as string), body);
    return (await readFixture(s, dir)).values;
  });
}
