import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '@atlas/atlas-data-ingest';
import {
  dbtEnvFromUrl,
  runProcess,
  startEphemeralPostgres,
  venvBin,
  workspaceRoot,
  type EphemeralPostgres,
} from '@atlas/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownSources } from './catalogue-references.js';
import { rawWrites, type Manifest } from './raw-writes.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VARS = ['--vars', '{"fixture_expectations": true}'];

/**
 * The data-fidelity gates, each run once on the real build of the recorded fixtures (they pass) and
 * once on a planted violation (it fails, naming it): a sentinel row in a per-kommune mart, an
 * api_v1 figure that differs from its fixture, a model writing to raw, a source id the catalogue
 * does not have.
 */
describe('data-fidelity gates', () => {
  let db: EphemeralPostgres;
  let client: pg.Client;
  let work: string;
  let env: Record<string, string>;

  const dbt = (args: string[], project = projectDir, targetPath = join(work, 'target')) =>
    runProcess(
      [
        venvBin('dbt'),
        ...args,
        '--project-dir',
        project,
        '--profiles-dir',
        projectDir,
        '--target-path',
        targetPath,
        '--log-path',
        join(work, 'logs'),
      ],
      { cwd: workspaceRoot, env, echo: false, timeoutMs: 600_000 },
    );
  const setup = (argv: string[]) =>
    runProcess(argv, {
      cwd: workspaceRoot,
      env: { ATLAS_DATABASE_URL: db.url },
      echo: false,
      timeoutMs: 300_000,
    });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'atlas-fidelity-'));
    // The database dbt-build left (its target folder's snapshot: the fixtures loaded and every model
    // built and tested), which this target runs after; without it (run alone), build it here.
    const build = join(projectDir, 'target', 'nx-build');
    const record = join(build, 'reference', 'reference.json');
    const snapshot = existsSync(record)
      ? {
          archive: join(build, 'reference', 'pgdata.tar.gz'),
          password: (JSON.parse(await readFile(record, 'utf8')) as { password: string }).password,
        }
      : undefined;
    db = snapshot
      ? await startEphemeralPostgres({
          serverUrl: '',
          embedded: { database: 'atlas', fromSnapshot: snapshot },
        })
      : await startEphemeralPostgres({ databasePrefix: 'atlas_fidelity' });
    env = { ...dbtEnvFromUrl(db.url), DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
    if (snapshot) {
      for (const file of ['manifest.json', 'partial_parse.msgpack'])
        if (existsSync(join(build, file))) await cp(join(build, file), join(work, 'target', file));
    } else {
      const bin = join(workspaceRoot, 'node_modules', '.bin');
      for (const argv of [
        [join(bin, 'atlas-ingest'), 'migrate'],
        [join(bin, 'atlas-ingest'), 'ingest', '--all', '--fixtures'],
        [join(bin, 'tsx'), join(projectDir, 'scripts', 'fidelity', 'load-fixture-expectations.ts')],
      ]) {
        const result = await setup(argv);
        if (result.exitCode !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.output}`);
      }
      const built = await dbt(['build', ...VARS]);
      if (built.exitCode !== 0) throw new Error(`dbt build failed:\n${built.output}`);
    }
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  }, 600_000);

  afterAll(async () => {
    await client?.end();
    await db?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('compares every figure the fixtures hold for the reference kommuner and the bulk file', async () => {
    const { rows } = await client.query<{ relation: string; n: number }>(
      'select relation, count(*)::int as n from fidelity.expected_api_values group by 1 order by 1',
    );
    expect(rows.map((r) => r.relation)).toEqual(['kommune_businesses', 'kommune_indicators']);
    expect(rows.every((r) => r.n > 20)).toBe(true);
  });

  it('fails no_region_sentinels on a 9999, a county or an Ukjent row in a per-kommune mart', async () => {
    await client.query(`insert into marts.fct_kommune_indicator values
      ('9999', 'population', '2024', 1, 'persons'),
      ('03', 'population', '2024', 2, 'persons'),
      ('Ukjent', 'unemployed_persons', '2026-01', 13, 'persons')`);
    try {
      const result = await dbt([
        'test',
        '--select',
        'fct_kommune_indicator,test_name:no_region_sentinels',
        ...VARS,
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/FAIL 3 no_region_sentinels_fct_kommune_indicator_kommunenummer/);
    } finally {
      await client.query(
        `delete from marts.fct_kommune_indicator where kommunenummer in ('9999', '03', 'Ukjent')`,
      );
    }
    expect(
      (await dbt(['test', '--select', 'fct_kommune_indicator,test_name:no_region_sentinels', ...VARS]))
        .exitCode,
    ).toBe(0);
  });

  it('fails when an api_v1 figure differs from its fixture', async () => {
    const changed = `update marts.fct_kommune_indicator set value = value + 1 where kommunenummer = '4601' and indicator_id = 'crime_per_1000_violence' and period = '2024-2025'`;
    expect((await client.query(changed)).rowCount).toBe(1);
    try {
      const result = await dbt(['test', '--select', 'assert_api_values_match_the_fixtures', ...VARS]);
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/FAIL 1 assert_api_values_match_the_fixtures/);
    } finally {
      await client.query(changed.replace('value + 1', 'value - 1'));
    }
  });

  it('fails when a business count differs from the bulk file', async () => {
    const changed = `update marts.fct_kommune_indicator set value = value - 1 where kommunenummer = '0301' and indicator_id = 'business_count'`;
    expect((await client.query(changed)).rowCount).toBe(1);
    try {
      const result = await dbt(['test', '--select', 'assert_business_counts_match_the_fixture', ...VARS]);
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/FAIL 1 assert_business_counts_match_the_fixture/);
    } finally {
      await client.query(changed.replace('value - 1', 'value + 1'));
    }
  });

  it('finds no dbt object writing to raw in the project, and finds a planted one', async () => {
    const manifest = JSON.parse(await readFile(join(work, 'target', 'manifest.json'), 'utf8')) as Manifest;
    expect(rawWrites(manifest)).toEqual([]);

    const copy = join(work, 'planted-project');
    await cp(projectDir, copy, {
      recursive: true,
      filter: (path) => !/\/(target|logs|dbt_packages)(\/|$)/.test(path),
    });
    await writeFile(
      join(copy, 'models', 'marts', 'raw_leak.sql'),
      "{{ config(schema='raw', alias='kommuner_copy') }}\nselect 1 as x\n",
    );
    await writeFile(
      join(copy, 'models', 'marts', 'hooked.sql'),
      "{{ config(post_hook='delete from raw.kommuner where false') }}\nselect 1 as x\n",
    );
    const parsed = await dbt(['parse'], copy, join(work, 'planted-target'));
    expect(parsed.exitCode, parsed.output).toBe(0);
    const planted = JSON.parse(
      await readFile(join(work, 'planted-target', 'manifest.json'), 'utf8'),
    ) as Manifest;
    expect(rawWrites(planted)).toEqual([
      'model.atlas.hooked (models/marts/hooked.sql) has a hook that writes to raw: delete from raw.kommuner where false',
      'model.atlas.raw_leak (models/marts/raw_leak.sql) is built as raw.kommuner_copy: raw.* belongs to the ingest; give it another schema.',
    ]);
  });

  it('finds every source the project names in the catalogue, and names one that is not', async () => {
    expect(unknownSources(projectDir, CATALOGUE.sources)).toEqual([]);
    const copy = join(work, 'unknown-source');
    await cp(join(projectDir, 'seeds'), join(copy, 'seeds'), { recursive: true });
    await cp(join(projectDir, 'models'), join(copy, 'models'), { recursive: true });
    const seed = join(copy, 'seeds', 'indicators.csv');
    await writeFile(seed, (await readFile(seed, 'utf8')).replace(',ssb-population,', ',ssb-weather,'));
    expect(unknownSources(copy, CATALOGUE.sources)).toEqual([
      `seeds/indicators.csv line 2: source_id "ssb-weather" is not a source of the ingest catalogue (${CATALOGUE.sources.map((s) => s.id).join(', ')}).`,
    ]);
  });
});
