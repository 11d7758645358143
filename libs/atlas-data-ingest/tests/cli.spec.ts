import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeParam } from '@atlas/dagster-pipes/extras';
import { runProcess } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../src/catalogue/catalogue-entry.js';
import { FIXTURES_DIR } from '../src/fixtures/fixture-server.js';
import { MIGRATIONS_DIR } from '../src/migrate/migrator.js';
import { loads, snapshotRaw, TestServer } from './support/database.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/atlas-ingest.mjs');

/** Run the real bin in a child process; without DAGSTER_PIPES_* unless given. */
function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return runProcess([process.execPath, BIN, ...args], {
    echo: false,
    timeoutMs: 60_000,
    env: { DAGSTER_PIPES_CONTEXT: undefined, DAGSTER_PIPES_MESSAGES: undefined, ...env },
  });
}

const lines = (output: string) => output.split('\n').filter((l) => l.trim() !== '');

/** The CLI lists and `--all` walks the whole catalogue (sources.json), in its order. */
const IDS = CATALOGUE.sources.map((s) => s.id);
/**
 * The sources the loads and checks below name, one of each payload kind, with the rows of their
 * fixtures: each other source is loaded from its fixture by its own spec, so no case here reads it.
 */
const FIXTURE_ROWS: Record<string, number> = {
  kommuner: 358,
  'ssb-population': 714,
  'ssb-crime': 736,
  'fhi-life-expectancy': 96,
  'brreg-enheter': 59,
  'nav-unemployment': 240,
};
const NAMED = Object.keys(FIXTURE_ROWS);

describe('atlas-ingest as a subprocess', () => {
  let server: TestServer;
  let url: string;
  let work: string;

  beforeAll(async () => {
    server = await TestServer.start('atlas_ingest_cli');
    url = await server.createDatabase();
    work = await mkdtemp(join(tmpdir(), 'atlas-ingest-cli-'));
  });
  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists the catalogue without a database', async () => {
    const result = await cli(['sources'], { ATLAS_DATABASE_URL: undefined });
    expect(result.exitCode).toBe(0);
    const table = lines(result.output);
    expect(table[0]).toMatch(/^source\s+format\s+schedule\s+table\s+upstream$/);
    expect(table.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(IDS);
    expect(IDS.slice(0, 6)).toEqual(NAMED);
    expect(result.output).toContain('raw.ssb_population');
    expect(result.output).toContain('https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?');
  });

  it('exits 2 with one line when ATLAS_DATABASE_URL is missing', async () => {
    const result = await cli(['migrate'], { ATLAS_DATABASE_URL: undefined });
    expect(result.exitCode).toBe(2);
    expect(lines(result.output)).toEqual([
      'atlas-ingest: ATLAS_DATABASE_URL is not set: set it to the PostgreSQL connection URL of the Atlas database, e.g. postgres://user:password@127.0.0.1:5432/atlas.',
    ]);
  });

  it('exits 2 with one line for an unknown source or command', async () => {
    const unknown = await cli(['ingest', 'ssb-weather'], { ATLAS_DATABASE_URL: url });
    expect(unknown.exitCode).toBe(2);
    expect(lines(unknown.output)).toEqual([
      `atlas-ingest: unknown source "ssb-weather": use one of ${IDS.join(', ')} (atlas-ingest sources).`,
    ]);
    const command = await cli(['load'], { ATLAS_DATABASE_URL: url });
    expect(command.exitCode).toBe(2);
    expect(lines(command.output)).toHaveLength(1);
  });

  it('tries every catalogue source with --all and names each failure (here: nothing migrated)', async () => {
    const empty = await server.createDatabase();
    const result = await cli(['ingest', '--all', '--fixtures'], { ATLAS_DATABASE_URL: empty });
    expect(result.exitCode).toBe(1);
    expect(lines(result.output)).toEqual([
      ...IDS.map(
        (id) =>
          `atlas-ingest: ${id}: raw._loads does not exist or is not migrated: run \`atlas-ingest migrate\` first.`,
      ),
      `atlas-ingest: ${IDS.length} of ${IDS.length} sources failed (${IDS.join(', ')}); the others were loaded.`,
    ]);
  });

  it('migrates, ingests the named sources from the fixtures, and exits 0', async () => {
    const migrated = await cli(['migrate'], { ATLAS_DATABASE_URL: url });
    expect(migrated.exitCode, migrated.output).toBe(0);
    const shipped = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    expect(lines(migrated.output)).toEqual([
      ...shipped.map((f) => `applied ${f}`),
      `migrations: ${shipped.length} applied, 0 already applied`,
    ]);

    const again = await cli(['migrate'], { ATLAS_DATABASE_URL: url });
    expect(lines(again.output)).toEqual([`migrations: 0 applied, ${shipped.length} already applied`]);

    const ingested = await cli(['ingest', ...NAMED, '--fixtures'], { ATLAS_DATABASE_URL: url });
    expect(ingested.exitCode, ingested.output).toBe(0);
    const out = lines(ingested.output);
    expect(out).toHaveLength(NAMED.length);
    expect(out[0]).toMatch(
      /^kommuner: 358 rows loaded into raw\.kommuner \(load \d+, sha256 [0-9a-f]{12}, \d+\.\d s\)$/,
    );
  });

  it('exits 1 with one line when a payload is bad, and keeps the previous rows', async () => {
    const dir = join(work, 'bad');
    await cp(FIXTURES_DIR, dir, { recursive: true });
    const file = join(dir, 'ssb-crime', '08487.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as { value: unknown[] };
    json.value[0] = 'x';
    await writeFile(file, JSON.stringify(json));

    const before = await snapshotRaw(url);
    const result = await cli(['ingest', 'ssb-crime', '--fixtures-dir', dir], { ATLAS_DATABASE_URL: url });
    expect(result.exitCode).toBe(1);
    expect(lines(result.output)).toEqual([
      'atlas-ingest: ssb-crime: row 1 (Gjerningssted=Ialt, LovbruddKrim=1AAAAA-9ZZZZz, ContentsCode=AnmeldteLovbrudd, Tid=2023-2024), field "reported_offences": "x" is not a number',
    ]);
    expect(await snapshotRaw(url)).toEqual(before);
  });

  it('exits 1 naming the failed sources, after loading the others', async () => {
    const dir = join(work, 'one-missing');
    await cp(FIXTURES_DIR, dir, { recursive: true });
    await rm(join(dir, 'nav-unemployment', 'helt-ledige.html'));
    const loadsBefore = (await loads(url)).length;
    const result = await cli(['ingest', ...NAMED, '--fixtures-dir', dir], { ATLAS_DATABASE_URL: url });
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(
      /atlas-ingest: nav-unemployment: GET http:\/\/127\.0\.0\.1:\d+\/nav-unemployment\/.* answered HTTP 404 Not Found/,
    );
    expect(result.output).toContain(
      `atlas-ingest: 1 of ${NAMED.length} sources failed (nav-unemployment); the others were loaded.`,
    );
    const statuses = (await loads(url)).slice(loadsBefore).map((l) => `${l.source}:${l.status}`);
    expect(statuses).toEqual(
      NAMED.map((id) => `${id}:${id === 'nav-unemployment' ? 'failed' : 'succeeded'}`),
    );
  });

  describe('check', () => {
    it('reads the recorded fixtures as a load would and prints one ok line per source', async () => {
      const result = await cli(['check', ...NAMED, '--fixtures'], { ATLAS_DATABASE_URL: undefined });
      expect(result.exitCode, result.output).toBe(0);
      expect(lines(result.output)).toEqual(NAMED.map((id) => `${id}: ok, ${FIXTURE_ROWS[id]} rows read`));
    });

    it('names the source and the drift in one line when a payload shows a new code, and exits 1', async () => {
      const dir = join(work, 'drifted');
      await cp(FIXTURES_DIR, dir, { recursive: true });
      // SSB adds an offence group: the table still reads, but its shape is not the recorded one.
      const file = join(dir, 'ssb-crime', '08487.json');
      const json = JSON.parse(await readFile(file, 'utf8')) as {
        size: number[];
        value: (number | null)[];
        dimension: {
          LovbruddKrim: { category: { index: Record<string, number>; label: Record<string, string> } };
        };
      };
      const groups = json.dimension.LovbruddKrim.category;
      groups.index['9AAAAA-9ZZZZz'] = Object.keys(groups.index).length;
      groups.label['9AAAAA-9ZZZZz'] = 'Miljølovbrudd';
      const [regions, count, contents, periods] = json.size as [number, number, number, number];
      const values: (number | null)[] = [];
      for (let r = 0; r < regions; r++) {
        const block = json.value.slice(r * count * contents * periods, (r + 1) * count * contents * periods);
        values.push(...block, ...Array.from({ length: contents * periods }, () => 1.5));
      }
      json.size = [regions, count + 1, contents, periods];
      json.value = values;
      await writeFile(file, JSON.stringify(json));

      const result = await cli(['check', 'ssb-crime', 'kommuner', '--fixtures-dir', dir], {
        ATLAS_DATABASE_URL: undefined,
      });
      expect(result.exitCode).toBe(1);
      expect(lines(result.output)).toEqual([
        'ssb-crime: drift: LovbruddKrim code "9AAAAA-9ZZZZz" is new',
        'kommuner: ok, 358 rows read',
        'atlas-ingest: check: 1 of 2 sources differ from their recorded fixtures or could not be read (ssb-crime).',
      ]);
    });

    it('reports a payload that no longer reads as drift, in one line', async () => {
      const dir = join(work, 'renamed');
      await cp(FIXTURES_DIR, dir, { recursive: true });
      const file = join(dir, 'fhi-life-expectancy', 'life-expectancy.json');
      await writeFile(file, (await readFile(file, 'utf8')).replaceAll('"KJONN"', '"SEX"'));
      const result = await cli(['check', 'fhi-life-expectancy', '--fixtures-dir', dir], {
        ATLAS_DATABASE_URL: undefined,
      });
      expect(result.exitCode).toBe(1);
      expect(lines(result.output)[0]).toBe(
        'fhi-life-expectancy: drift: field "KJONN": dimension "KJONN" is missing from the JSON-stat dataset (it has GEO, AAR, SEX, ALDER, UTDANN, MEASURE_TYPE): the upstream table changed, update the source definition',
      );
    });

    it('needs --live or --fixtures', async () => {
      const result = await cli(['check'], { ATLAS_DATABASE_URL: undefined });
      expect(result.exitCode).toBe(2);
      expect(lines(result.output)).toEqual([
        'atlas-ingest: check needs exactly one of --live (the upstreams) or --fixtures / --fixtures-dir <dir> (recorded payloads).',
      ]);
    });
  });

  describe('under Dagster Pipes', () => {
    async function pipesEnv(name: string) {
      const contextPath = join(work, `${name}-context.json`);
      const messagesPath = join(work, `${name}-messages.jsonl`);
      await writeFile(
        contextPath,
        JSON.stringify({
          asset_keys: ['raw/kommuner'],
          code_version_by_asset_key: null,
          provenance_by_asset_key: null,
          partition_key: null,
          partition_key_range: null,
          partition_time_window: null,
          run_id: 'run-1',
          job_name: 'ingest_kommuner',
          retry_number: 0,
          extras: { source: 'kommuner', table: 'raw.kommuner' },
        }),
      );
      const env = {
        DAGSTER_PIPES_CONTEXT: encodeParam({ path: contextPath }),
        DAGSTER_PIPES_MESSAGES: encodeParam({ path: messagesPath }),
      };
      const messages = async () =>
        (await readFile(messagesPath, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { method: string; params: Record<string, unknown> | null });
      return { env, messages };
    }

    it('reports the load as the asset materialization, with the payload hash as data version', async () => {
      const { env, messages } = await pipesEnv('ok');
      const result = await cli(['ingest', 'kommuner', '--fixtures'], { ATLAS_DATABASE_URL: url, ...env });
      expect(result.exitCode, result.output).toBe(0);
      const sent = await messages();
      expect(sent[0]?.method).toBe('opened');
      expect(sent.at(-1)).toMatchObject({ method: 'closed', params: {} });
      const materialization = sent.find((m) => m.method === 'report_asset_materialization');
      const lastLoad = (await loads(url)).at(-1);
      expect(materialization?.params).toMatchObject({
        asset_key: 'raw/kommuner',
        data_version: lastLoad?.payload_sha256,
        metadata: {
          source: { raw_value: 'kommuner', type: 'text' },
          table: { raw_value: 'raw.kommuner', type: 'text' },
          rows: { raw_value: 358, type: 'int' },
          load_id: { raw_value: lastLoad?.load_id, type: 'text' },
        },
      });
    });

    it('reports migrate as a materialization', async () => {
      const { env, messages } = await pipesEnv('migrate');
      const shipped = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).length;
      const result = await cli(['migrate'], { ATLAS_DATABASE_URL: url, ...env });
      expect(result.exitCode, result.output).toBe(0);
      const materialization = (await messages()).find((m) => m.method === 'report_asset_materialization');
      expect(materialization?.params).toMatchObject({
        metadata: {
          applied_count: { raw_value: 0, type: 'int' },
          already_applied: { raw_value: shipped, type: 'int' },
          abandoned_loads: { raw_value: [], type: 'json' },
        },
      });
    });

    it('reports a failed load as the exception of the step and exits 1', async () => {
      const { env, messages } = await pipesEnv('fail');
      const dir = join(work, 'pipes-bad');
      await cp(FIXTURES_DIR, dir, { recursive: true });
      await writeFile(join(dir, 'kommuner', 'codes-at-2024-01-01.json'), '{"codes": [');
      const result = await cli(['ingest', 'kommuner', '--fixtures-dir', dir], {
        ATLAS_DATABASE_URL: url,
        ...env,
      });
      expect(result.exitCode).toBe(1);
      const closed = (await messages()).at(-1);
      expect(closed?.method).toBe('closed');
      expect(JSON.stringify(closed?.params)).toContain('kommuner: the response of');
      expect((await messages()).some((m) => m.method === 'report_asset_materialization')).toBe(false);
    });
  });
});
