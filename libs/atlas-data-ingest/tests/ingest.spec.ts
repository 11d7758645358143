import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceDefinition } from '../src/catalogue/source-definition.js';
import { brregEnheter } from '../src/catalogue/sources/brreg-enheter/brreg-enheter.js';
import { fhiLifeExpectancy } from '../src/catalogue/sources/fhi-life-expectancy/fhi-life-expectancy.js';
import { kommuner } from '../src/catalogue/sources/kommuner/kommuner.js';
import { navUnemployment } from '../src/catalogue/sources/nav-unemployment/nav-unemployment.js';
import { ssbCrime } from '../src/catalogue/sources/ssb-crime/ssb-crime.js';
import { ssbPopulation } from '../src/catalogue/sources/ssb-population/ssb-population.js';
import { FIXTURES_DIR, startFixtureServer } from '../src/fixtures/fixture-server.js';
import { ingestSource, IngestError } from '../src/load/ingest-source.js';
import { migrate } from '../src/migrate/migrator.js';
import { loads, snapshotData, snapshotRaw, TestServer, withClient } from './support/database.js';

/**
 * The loader's cases run on sources of every kind of payload (KLASS JSON, JSON-stat, a streamed
 * gzipped bulk file, a spreadsheet found through a web page); each source's own reader is checked
 * against its fixture by its own spec (src/catalogue/sources/<id>/).
 */
const LOADED: readonly SourceDefinition[] = [
  kommuner,
  ssbPopulation,
  ssbCrime,
  fhiLifeExpectancy,
  brregEnheter,
  navUnemployment,
];
const source = (id: string) => LOADED.find((s) => s.id === id) as SourceDefinition;
const quickHttp = { retries: 1, backoffMs: 10, timeoutMs: 5000 };

/** Load sources from a fixtures folder served on loopback, the way `ingest --fixtures` does. */
async function ingestFrom(dir: string, url: string, sources: readonly SourceDefinition[]) {
  const server = await startFixtureServer(LOADED, dir);
  try {
    const results = [];
    for (const s of sources)
      results.push(
        await ingestSource(s, { databaseUrl: url, baseUrl: server.baseUrlOf(s.id), http: quickHttp }),
      );
    return results;
  } finally {
    await server.close();
  }
}

describe('ingest into raw.* (embedded PostgreSQL, fixtures on loopback)', () => {
  let server: TestServer;
  let url: string;

  beforeAll(async () => {
    server = await TestServer.start('atlas_ingest_load');
    url = await server.createDatabase();
    await migrate(url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('loads sources of every payload kind from the recorded fixtures and records each load', async () => {
    const results = await ingestFrom(FIXTURES_DIR, url, LOADED);
    expect(results.map((r) => [r.source, r.table, r.rows])).toEqual([
      ['kommuner', 'raw.kommuner', 358],
      ['ssb-population', 'raw.ssb_population', 714],
      ['ssb-crime', 'raw.ssb_crime', 736],
      ['fhi-life-expectancy', 'raw.fhi_life_expectancy', 96],
      ['brreg-enheter', 'raw.brreg_enheter', 59],
      ['nav-unemployment', 'raw.nav_unemployment', 240],
    ]);
    const recorded = await loads(url);
    expect(recorded.map((l) => [l.source, l.status, l.rows, l.error])).toEqual(
      results.map((r) => [r.source, 'succeeded', r.rows, null]),
    );
    for (const [i, r] of results.entries()) {
      expect(recorded[i]?.load_id).toBe(r.loadId);
      expect(recorded[i]?.payload_sha256).toBe(r.payloadSha256);
      expect(r.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(recorded[i]?.finished_at).toBeInstanceOf(Date);
    }
    await withClient(url, async (client) => {
      for (const r of results) {
        const ids = await client.query<{ id: string; n: string }>(
          `select _load_id::text as id, count(*) as n from ${r.table} group by 1`,
        );
        expect(ids.rows, r.table).toEqual([{ id: r.loadId, n: String(r.rows) }]);
      }
      const oslo = await client.query(
        `select kommunenavn, valid_from::text from raw.kommuner where kommunenummer = '0301'`,
      );
      expect(oslo.rows).toEqual([{ kommunenavn: 'Oslo - Oslove', valid_from: null }]);
      const nav = await client.query(
        `select month::text, registered_unemployed, percent_of_labour_force from raw.nav_unemployment where region_label = '1151 Utsira' order by month`,
      );
      expect(nav.rows[0]).toMatchObject({ month: '2026-01-01' });
      expect(
        nav.rows.some((r: { registered_unemployed: number | null }) => r.registered_unemployed === null),
      ).toBe(true);
      const hidden = await client.query(
        `select count(*)::int as n from raw.brreg_enheter where har_registrert_antall_ansatte and antall_ansatte is null`,
      );
      expect(hidden.rows[0].n).toBeGreaterThan(0);
      const stiftelse = await client.query(`select navn from raw.brreg_enheter where navn like '%|%'`);
      expect(stiftelse.rows).toEqual([{ navn: 'STIFTELSEN "BRO" | HUS OG HAGE' }]);
    });
  });

  it('is idempotent: a re-run replaces the rows with the same data under new load ids', async () => {
    const before = await snapshotData(url);
    const loadsBefore = (await loads(url)).length;
    const results = await ingestFrom(FIXTURES_DIR, url, LOADED);
    expect(await snapshotData(url)).toEqual(before);
    expect((await loads(url)).length).toBe(loadsBefore + LOADED.length);
    await withClient(url, async (client) => {
      for (const r of results) {
        const ids = await client.query<{ id: string }>(
          `select distinct _load_id::text as id from ${r.table}`,
        );
        expect(ids.rows).toEqual([{ id: r.loadId }]);
      }
    });
  });

  describe('a bad payload fails with one line and leaves raw.* exactly as it was', () => {
    const cases: {
      name: string;
      source: string;
      file: string;
      /** The changed file, or null to remove it. */
      corrupt: (bytes: Buffer) => Buffer | null | Promise<Buffer>;
      message: RegExp;
    }[] = [
      {
        name: 'truncated JSON',
        source: 'ssb-population',
        file: '07459.json',
        corrupt: (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)),
        message:
          /^ssb-population: the response of http:\/\/127\.0\.0\.1:\d+\/ssb-population\/api\/pxwebapi\/v2\/tables\/07459\/data\?.* is not valid JSON \(.*\): the download may be truncated, run the ingest again$/,
      },
      {
        name: 'a renamed sheet',
        source: 'nav-unemployment',
        file: 'HL060.xlsx',
        corrupt: async (bytes) => {
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
          (workbook.getWorksheet('3. Kommune Antall') as ExcelJS.Worksheet).name = '3. Kommune Personer';
          return Buffer.from(await workbook.xlsx.writeBuffer());
        },
        message:
          /^nav-unemployment: field "sheet": the workbook has no sheet "3\. Kommune Antall" \(it has .*"3\. Kommune Personer".*\): the file layout changed, update the source definition$/,
      },
      {
        name: 'a renamed JSON-stat dimension',
        source: 'ssb-crime',
        file: '08487.json',
        corrupt: (bytes) =>
          Buffer.from(bytes.toString('utf8').replaceAll('"LovbruddKrim"', '"Lovbruddsgruppe"')),
        message:
          /^ssb-crime: field "LovbruddKrim": dimension "LovbruddKrim" is missing from the JSON-stat dataset \(it has Gjerningssted, Lovbruddsgruppe, ContentsCode, Tid\)/,
      },
      {
        name: 'a non-numeric value',
        source: 'fhi-life-expectancy',
        file: 'life-expectancy.json',
        corrupt: (bytes) => {
          const json = JSON.parse(bytes.toString('utf8')) as { value: unknown[] };
          json.value[json.value.length - 1] = '83,1';
          return Buffer.from(JSON.stringify(json));
        },
        message:
          /^fhi-life-expectancy: row 96 \(GEO=030101, AAR=1999_2023, KJONN=2\), field "life_expectancy": "83,1" is not a number$/,
      },
      {
        name: 'a workbook the page links but the server does not have (HTTP 404)',
        source: 'nav-unemployment',
        file: 'HL060.xlsx',
        corrupt: () => null,
        message:
          /^nav-unemployment: GET http:\/\/127\.0\.0\.1:\d+\/nav-unemployment\/_\/attachment\/download\/\S+HL060\S+\.xlsx answered HTTP 404 Not Found$/,
      },
      {
        name: 'a bulk download cut short, read while it streams into COPY',
        source: 'brreg-enheter',
        file: 'enheter_alle.json.gz',
        corrupt: (bytes) => bytes.subarray(0, Math.floor(bytes.length * 0.7)),
        message:
          /^brreg-enheter: the download of \S+ ends mid-file \(unexpected end of file\): it was cut short, run the ingest again$/,
      },
    ];

    it.each(cases)('$name ($source)', async (c) => {
      const dir = await mkdtemp(join(tmpdir(), 'atlas-bad-fixtures-'));
      try {
        await cp(FIXTURES_DIR, dir, { recursive: true });
        const path = join(dir, c.source, c.file);
        const corrupted = await c.corrupt(await readFile(path));
        if (corrupted === null) await rm(path);
        else await writeFile(path, corrupted);

        const before = await snapshotRaw(url);
        const error = await ingestFrom(dir, url, [source(c.source)]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IngestError);
        const message = (error as Error).message;
        expect(message).not.toContain('\n');
        expect(message).toMatch(c.message);
        expect(await snapshotRaw(url)).toEqual(before);

        const last = (await loads(url)).at(-1);
        expect(last).toMatchObject({ source: c.source, status: 'failed', error: message, rows: null });
        expect(last?.finished_at).toBeInstanceOf(Date);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('a row the database rejects in the middle of COPY rolls the delete back too', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'atlas-bad-fixtures-'));
      try {
        await cp(FIXTURES_DIR, dir, { recursive: true });
        // Valid JSON and a valid text value for the parser, but PostgreSQL text cannot hold NUL.
        const path = join(dir, 'kommuner', 'codes-at-2024-01-01.json');
        const json = JSON.parse(await readFile(path, 'utf8')) as { codes: { name: string }[] };
        (json.codes[300] as { name: string }).name = 'Nul\u0000by';
        await writeFile(path, JSON.stringify(json));

        const before = await snapshotRaw(url);
        expect(before['kommuner']).toHaveLength(358);
        const error = await ingestFrom(dir, url, [source('kommuner')]).catch((e: unknown) => e);
        expect((error as Error).message).toMatch(/^kommuner: .*0x00/);
        expect(await snapshotRaw(url)).toEqual(before);
        expect((await loads(url)).at(-1)).toMatchObject({ source: 'kommuner', status: 'failed' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('rolls back a streamed bulk load whose bad unit comes after rows were already copied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-bad-fixtures-'));
    try {
      await cp(FIXTURES_DIR, dir, { recursive: true });
      // 20,000 good units (several COPY chunks), then one the parser refuses.
      const units = Array.from({ length: 20_000 }, (_, i) => ({
        organisasjonsnummer: String(800_000_000 + i),
        navn: `ENHET ${i} AS`,
        organisasjonsform: { kode: 'AS', beskrivelse: 'Aksjeselskap' },
        harRegistrertAntallAnsatte: false,
        forretningsadresse: { kommunenummer: '0301' },
      }));
      const bad = { ...units[0], organisasjonsnummer: '12345' };
      await writeFile(
        join(dir, 'brreg-enheter', 'enheter_alle.json.gz'),
        gzipSync(JSON.stringify([...units, bad])),
      );
      const before = await snapshotRaw(url);
      const error = await ingestFrom(dir, url, [source('brreg-enheter')]).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'brreg-enheter: row unit 20001 (organisasjonsnummer 12345), field "organisasjonsnummer": "12345" is not a nine-digit organisation number',
      );
      expect(await snapshotRaw(url)).toEqual(before);
      expect((await loads(url)).at(-1)).toMatchObject({
        source: 'brreg-enheter',
        status: 'failed',
        rows: null,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says to run migrate first when raw.* does not exist', async () => {
    const empty = await server.createDatabase();
    await expect(
      ingestSource(source('kommuner'), { databaseUrl: empty, baseUrl: 'http://127.0.0.1:9' }),
    ).rejects.toThrow(
      'kommuner: raw._loads does not exist or is not migrated: run `atlas-ingest migrate` first.',
    );
  });
});
