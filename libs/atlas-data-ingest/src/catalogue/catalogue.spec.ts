import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../fixtures/fixture-server.js';
import { SOURCES } from './catalogue.js';
import type { SourceDefinition } from './source-definition.js';

/** The data contract (CONTRACT.md): source id → raw table and its columns, in order. */
const CONTRACT: Record<string, { table: string; columns: string[] }> = {
  kommuner: { table: 'kommuner', columns: ['kommunenummer text', 'kommunenavn text', 'valid_from date'] },
  'ssb-population': {
    table: 'ssb_population',
    columns: ['kommunenummer text', 'year int', 'population int'],
  },
  'ssb-crime': {
    table: 'ssb_crime',
    columns: ['kommunenummer text', 'year int', 'offence_group text', 'offences_per_1000 numeric'],
  },
  'fhi-life-expectancy': {
    table: 'fhi_life_expectancy',
    columns: ['kommunenummer text', 'period text', 'sex text', 'life_expectancy numeric'],
  },
  'brreg-enheter': {
    table: 'brreg_enheter',
    columns: [
      'organisasjonsnummer text',
      'navn text',
      'organisasjonsform text',
      'naeringskode text',
      'antall_ansatte int',
      'kommunenummer text',
      'stiftelsesdato date',
    ],
  },
  'nav-unemployment': {
    table: 'nav_unemployment',
    columns: [
      'kommunenummer text',
      'month date',
      'registered_unemployed int',
      'percent_of_labour_force numeric',
    ],
  },
};

/** The contract's real kommuner, which every fixture must carry. */
const REAL_KOMMUNER = [
  '0301',
  '1103',
  '4601',
  '5001',
  '5501',
  '3301',
  '4204',
  '1508',
  '1804',
  '3403',
  '3905',
  '5601',
];

async function fixtureParts(source: SourceDefinition) {
  const files = new Map<string, string>();
  const parts = await source.fetch({
    baseUrl: 'http://fixture',
    warn: () => undefined,
    async request(req) {
      const file = source.fixtureFor(req.method, req.path);
      if (!file) throw new Error(`no fixture for ${req.method} ${req.path}`);
      const body = await readFile(join(FIXTURES_DIR, source.id, file), 'utf8');
      files.set(file, body);
      return { url: `http://fixture${req.path}`, body };
    },
  });
  return parts;
}

describe('the source catalogue', () => {
  it('declares exactly the contract sources, tables and columns', () => {
    const declared = Object.fromEntries(
      SOURCES.map((s) => [s.id, { table: s.table, columns: s.columns.map((c) => `${c.name} ${c.type}`) }]),
    );
    expect(declared).toEqual(CONTRACT);
  });

  it('gives every source a cron schedule, an https upstream and a fixture for its first request', () => {
    for (const source of SOURCES) {
      expect(source.schedule.split(' '), source.id).toHaveLength(5);
      expect(source.baseUrl, source.id).toMatch(/^https:\/\//);
      const first = source.firstRequest();
      expect(source.fixtureFor(first.method, first.path), source.id).toBeTruthy();
    }
  });

  it.each(SOURCES.map((s) => [s.id, s] as const))(
    '%s parses its recorded fixture into valid rows',
    async (_id, source) => {
      const rows = source.parse(await fixtureParts(source));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toHaveLength(source.columns.length);
      const kommuneAt = source.columns.findIndex((c) => c.name === 'kommunenummer');
      const kommuner = new Set(rows.map((r) => r[kommuneAt]));
      for (const k of REAL_KOMMUNER) expect(kommuner.has(k), `${source.id} has ${k}`).toBe(true);
    },
  );

  it('reads the municipality reference list: 357 kommuner valid from 2024-01-01', async () => {
    const source = SOURCES.find((s) => s.id === 'kommuner') as SourceDefinition;
    const rows = source.parse(await fixtureParts(source));
    expect(rows).toHaveLength(357);
    expect(new Set(rows.map((r) => r[0])).size).toBe(357);
    expect(rows).toContainEqual(['5501', 'Tromsø', '2024-01-01']);
    expect(rows).toContainEqual(['1508', 'Ålesund', '2024-01-01']);
  });

  it('loads only kommuner from FHI (country and counties are dropped) and keeps FHI period codes', async () => {
    const source = SOURCES.find((s) => s.id === 'fhi-life-expectancy') as SourceDefinition;
    const rows = source.parse(await fixtureParts(source));
    expect(rows.every((r) => /^\d{4}$/.test(String(r[0])))).toBe(true);
    expect(rows).toHaveLength(12 * 3);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['kjønn samlet', 'menn', 'kvinner']));
    expect(rows[0]?.[1]).toBe('2016_2022');
  });

  it('follows Enhetsregisteret pages by number and maps the nested codes', async () => {
    const source = SOURCES.find((s) => s.id === 'brreg-enheter') as SourceDefinition;
    const parts = await fixtureParts(source);
    expect(parts.filter((p) => p.url.includes('kommunenummer=0301'))).toHaveLength(2);
    const rows = source.parse(parts);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    expect(rows.some((r) => r[3] === null)).toBe(true); // a unit without naeringskode1
    expect(rows.every((r) => /^\d{9}$/.test(String(r[0])))).toBe(true);
  });

  it('stops paging at the search API limit of 10,000 units per kommune and says so', async () => {
    const source = SOURCES.find((s) => s.id === 'brreg-enheter') as SourceDefinition;
    const requested: string[] = [];
    const warnings: string[] = [];
    const page = (number: number) =>
      JSON.stringify({
        _embedded: { enheter: [] },
        page: { size: 100, totalElements: 25_000, totalPages: 250, number },
      });
    const parts = await source.fetch({
      baseUrl: 'http://fake',
      warn: (line) => warnings.push(line),
      async request(req) {
        requested.push(req.path);
        return {
          url: `http://fake${req.path}`,
          body: page(Number(new URL(req.path, 'http://fake').searchParams.get('page'))),
        };
      },
    });
    expect(parts).toHaveLength(12 * 100);
    expect(requested.filter((p) => p.includes('kommunenummer=0301')).at(-1)).toBe(
      '/enhetsregisteret/api/enheter?kommunenummer=0301&page=99&size=100',
    );
    expect(warnings[0]).toBe(
      'brreg-enheter: kommune 0301 has 25000 units; the search API serves the first 10000, the rest is not loaded.',
    );
    expect(warnings).toHaveLength(12);
  });

  it('reads NAV months as the first day and decimal commas as numbers', async () => {
    const source = SOURCES.find((s) => s.id === 'nav-unemployment') as SourceDefinition;
    const rows = source.parse(await fixtureParts(source));
    expect(rows[0]?.[1]).toMatch(/^\d{4}-\d{2}-01$/);
    expect(typeof rows[0]?.[3]).toBe('number');
  });
});

describe('schema drift and bad values', () => {
  const part = (body: string) => [{ url: 'http://fixture/x', body }];
  const source = (id: string) => SOURCES.find((s) => s.id === id) as SourceDefinition;

  it('names the renamed CSV column', () => {
    const csv = 'Kommunenr;Måned;Helt ledige;Helt ledige i prosent av arbeidsstyrken\n0301;2024-01;10;1,0\n';
    expect(() => source('nav-unemployment').parse(part(csv))).toThrow(
      'nav-unemployment: field "kommunenummer": column "Kommunenummer" is missing from the CSV header (it has "Kommunenr", "Måned", "Helt ledige", "Helt ledige i prosent av arbeidsstyrken"): the file format changed, update the source definition',
    );
  });

  it('names the line and field of a bad CSV number', () => {
    const csv =
      'Kommunenummer;Måned;Helt ledige;Helt ledige i prosent av arbeidsstyrken\n0301;2024-01;10;1,0\n4601;2024-01;ti;1,2\n';
    expect(() => source('nav-unemployment').parse(part(csv))).toThrow(
      'nav-unemployment: row 3, field "registered_unemployed": "ti" is not a whole number',
    );
  });

  it('names the organisation and field of a bad Enhetsregisteret unit', () => {
    const page = {
      _embedded: {
        enheter: [
          {
            organisasjonsnummer: '123456785',
            navn: 'X AS',
            organisasjonsform: { kode: 'AS' },
            antallAnsatte: 'mange',
            forretningsadresse: { kommunenummer: '0301' },
          },
        ],
      },
      page: { size: 1, totalElements: 1, totalPages: 1, number: 0 },
    };
    expect(() => source('brreg-enheter').parse(part(JSON.stringify(page)))).toThrow(
      'brreg-enheter: row 1 of page 0 (organisasjonsnummer 123456785), field "antall_ansatte": "mange" is not a whole number',
    );
  });

  it('names a KLASS code that is not a kommunenummer', () => {
    const body = JSON.stringify({ codes: [{ code: '03', name: 'Oslo', validFrom: '2024-01-01' }] });
    expect(() => source('kommuner').parse(part(body))).toThrow(
      'kommuner: row 1 (code 03), field "kommunenummer": "03" is not a four-digit kommunenummer',
    );
  });

  it('reports truncated JSON as one line that says what to do', () => {
    expect(() => source('ssb-population').parse(part('{"version":"2.0","class":"dat'))).toThrow(
      /^ssb-population: the response of http:\/\/fixture\/x is not valid JSON \(.*; 29 characters received\): the download may be truncated, run the ingest again$/,
    );
  });

  it('names the cell of a non-numeric JSON-stat value', async () => {
    const json = JSON.parse(await readFile(join(FIXTURES_DIR, 'ssb-population', '07459.json'), 'utf8')) as {
      value: unknown[];
    };
    json.value[3] = '12 345';
    expect(() => source('ssb-population').parse(part(JSON.stringify(json)))).toThrow(
      'ssb-population: row 4 (Region=1101, ContentsCode=Personer1, Tid=2024), field "population": "12 345" is not a whole number',
    );
  });
});
