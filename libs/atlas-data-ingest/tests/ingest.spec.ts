import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource, SOURCES } from '../src/catalogue/catalogue.js';
import type { SourceDefinition } from '../src/catalogue/source-definition.js';
import { FIXTURES_DIR, startFixtureServer } from '../src/fixtures/fixture-server.js';
import { ingestSource, IngestError } from '../src/load/ingest-source.js';
import { migrate } from '../src/migrate/migrator.js';
import { loads, snapshotData, snapshotRaw, TestServer, withClient } from './support/database.js';

const source = (id: string) => findSource(id) as SourceDefinition;
const quickHttp = { retries: 1, backoffMs: 10, timeoutMs: 5000 };

/** Load sources from a fixtures folder served on loopback, the way `ingest --fixtures` does. */
async function ingestFrom(dir: string, url: string, sources: readonly SourceDefinition[]) {
  const server = await startFixtureServer(SOURCES, dir);
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

  it('loads every source from the recorded fixtures and records each load', async () => {
    const results = await ingestFrom(FIXTURES_DIR, url, SOURCES);
    expect(results.map((r) => [r.source, r.table, r.rows])).toEqual([
      ['kommuner', 'raw.kommuner', 357],
      ['ssb-population', 'raw.ssb_population', 714],
      ['ssb-crime', 'raw.ssb_crime', 240],
      ['fhi-life-expectancy', 'raw.fhi_life_expectancy', 36],
      ['brreg-enheter', 'raw.brreg_enheter', 54],
      ['nav-unemployment', 'raw.nav_unemployment', 36],
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
      expect(oslo.rows).toEqual([{ kommunenavn: 'Oslo', valid_from: '2024-01-01' }]);
      const nav = await client.query(
        `select month::text, percent_of_labour_force::text from raw.nav_unemployment where kommunenummer = '5001' order by month limit 1`,
      );
      expect(nav.rows[0]).toMatchObject({ month: '2024-01-01' });
    });
  });

  it('is idempotent: a re-run replaces the rows with the same data under new load ids', async () => {
    const before = await snapshotData(url);
    const loadsBefore = (await loads(url)).length;
    const results = await ingestFrom(FIXTURES_DIR, url, SOURCES);
    expect(await snapshotData(url)).toEqual(before);
    expect((await loads(url)).length).toBe(loadsBefore + SOURCES.length);
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
      corrupt: (text: string) => string;
      message: RegExp;
    }[] = [
      {
        name: 'truncated JSON',
        source: 'ssb-population',
        file: '07459.json',
        corrupt: (text) => text.slice(0, Math.floor(text.length / 2)),
        message:
          /^ssb-population: the response of http:\/\/127\.0\.0\.1:\d+\/ssb-population\/api\/pxwebapi\/v2\/tables\/07459\/data\?.* is not valid JSON \(.*\): the download may be truncated, run the ingest again$/,
      },
      {
        name: 'a renamed column',
        source: 'nav-unemployment',
        file: 'helt-ledige-kommune.csv',
        corrupt: (text) => text.replace('Kommunenummer;', 'Kommunenr;'),
        message:
          /^nav-unemployment: field "kommunenummer": column "Kommunenummer" is missing from the CSV header \(it has "Kommunenr", .*\): the file format changed, update the source definition$/,
      },
      {
        name: 'a renamed JSON-stat dimension',
        source: 'ssb-crime',
        file: '08487.json',
        corrupt: (text) => text.replaceAll('"LovbruddKrim"', '"Lovbruddsgruppe"'),
        message:
          /^ssb-crime: field "LovbruddKrim": dimension "LovbruddKrim" is missing from the JSON-stat dataset \(it has Region, Lovbruddsgruppe, ContentsCode, Tid\)/,
      },
      {
        name: 'a non-numeric value',
        source: 'fhi-life-expectancy',
        file: 'life-expectancy.json',
        corrupt: (text) => {
          const json = JSON.parse(text) as { value: unknown[] };
          json.value[json.value.length - 1] = '83,1';
          return JSON.stringify(json);
        },
        message:
          /^fhi-life-expectancy: row 45 \(GEO=5601, AAR=2016_2022, KJONN=2\), field "life_expectancy": "83,1" is not a number$/,
      },
      {
        name: 'a missing upstream page (HTTP 404)',
        source: 'brreg-enheter',
        file: 'enheter-4601-page-1.json',
        corrupt: () => '',
        message:
          /^brreg-enheter: GET http:\/\/127\.0\.0\.1:\d+\/brreg-enheter\/enhetsregisteret\/api\/enheter\?kommunenummer=4601&page=1&size=100 answered HTTP 404 Not Found$/,
      },
    ];

    it.each(cases)('$name ($source)', async (c) => {
      const dir = await mkdtemp(join(tmpdir(), 'atlas-bad-fixtures-'));
      try {
        await cp(FIXTURES_DIR, dir, { recursive: true });
        const path = join(dir, c.source, c.file);
        const corrupted = c.corrupt(await readFile(path, 'utf8'));
        if (corrupted === '') await rm(path);
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
        expect(before['kommuner']).toHaveLength(357);
        const error = await ingestFrom(dir, url, [source('kommuner')]).catch((e: unknown) => e);
        expect((error as Error).message).toMatch(/^kommuner: .*0x00/);
        expect(await snapshotRaw(url)).toEqual(before);
        expect((await loads(url)).at(-1)).toMatchObject({ source: 'kommuner', status: 'failed' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('says to run migrate first when raw.* does not exist', async () => {
    const empty = await server.createDatabase();
    await expect(
      ingestSource(source('kommuner'), { databaseUrl: empty, baseUrl: 'http://127.0.0.1:9' }),
    ).rejects.toThrow('kommuner: raw._loads does not exist: run `atlas-ingest migrate` first.');
  });
});
