import { startEphemeralPostgres, type EphemeralPostgres } from '@atlas/runtime';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkApiRows, REAL_KOMMUNER } from './check-api-rows.js';

/**
 * The check runs against stand-in api_v1 relations with the views' columns, so each case can
 * remove exactly the data it is about; the real views are checked by dbt-build (a check command).
 */
describe('checkApiRows', () => {
  let db: EphemeralPostgres;
  let client: pg.Client;

  beforeAll(async () => {
    db = await startEphemeralPostgres({ databasePrefix: 'atlas_api_rows' });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  beforeEach(async () => {
    await client.query(`
      drop schema if exists api_v1 cascade;
      create schema api_v1;
      create table api_v1.kommuner (kommunenummer text, kommunenavn text, fylkesnummer text, fylkesnavn text, population integer, population_year integer);
      create table api_v1.indicators (indicator_id text, name text, unit text, source_id text, description text);
      create table api_v1.kommune_indicators (kommunenummer text, kommunenavn text, indicator_id text, period text, value numeric, unit text);
      create table api_v1.kommune_businesses (kommunenummer text, kommunenavn text, organisation_count integer, employee_count integer);
      insert into api_v1.indicators values
        ('population', 'Population', 'persons', 'ssb-population', null),
        ('crime_per_1000_total', 'Reported offences', 'offences per 1000 residents', 'ssb-crime', null),
        ('crime_per_1000_violence', 'Reported violence', 'offences per 1000 residents', 'ssb-crime', null),
        ('life_expectancy_total', 'Life expectancy', 'years', 'fhi-life-expectancy', null),
        ('unemployment_percent', 'Registered unemployment', 'percent of labour force', 'nav-unemployment', null),
        ('business_count', 'Registered organisations', 'organisations', 'brreg-enheter', null);
    `);
    for (const [nummer, navn] of REAL_KOMMUNER) {
      await client.query(`insert into api_v1.kommuner values ($1, $2, left($1, 2), 'Fylke', 10000, 2024)`, [
        nummer,
        navn,
      ]);
      for (const [indicator, period, value, unit] of [
        ['population', '2024', 10000, 'persons'],
        ['crime_per_1000_total', '2023-2024', 55.1, 'offences per 1000 residents'],
        ['life_expectancy_total', '1999-2023', 82.4, 'years'],
        ['unemployment_percent', '2024-03', 2.1, 'percent of labour force'],
        ['business_count', '2024-06-01', 950, 'organisations'],
      ] as const) {
        await client.query('insert into api_v1.kommune_indicators values ($1, $2, $3, $4, $5, $6)', [
          nummer,
          navn,
          indicator,
          period,
          value,
          unit,
        ]);
      }
      await client.query('insert into api_v1.kommune_businesses values ($1, $2, 950, 4000)', [nummer, navn]);
    }
  });

  it('passes and summarises when every real kommune has its data', async () => {
    const summary = await checkApiRows(db.url);
    expect(summary).toContain('api_v1.kommuner: 12 rows');
    expect(summary).toContain('  0301 Oslo - Oslove (Fylke): population 10000 in 2024');
    expect(summary).toContain('api_v1.kommune_businesses: 12 of the real kommuner, 11400 organisations');
  });

  it('names every missing kommune, wrong name, missing population and missing source', async () => {
    await client.query(`
      delete from api_v1.kommuner where kommunenummer = '5601';
      update api_v1.kommuner set kommunenavn = 'Bergen kommune' where kommunenummer = '4601';
      update api_v1.kommuner set population = null where kommunenummer = '3403';
      delete from api_v1.kommune_indicators where indicator_id like 'crime_per_1000_%';
      delete from api_v1.kommune_businesses;
    `);
    await expect(checkApiRows(db.url)).rejects.toThrow(
      [
        'the api_v1 views are missing data:',
        '  api_v1.kommuner names 4601 "Bergen kommune", expected "Bergen".',
        '  api_v1.kommuner has no population for 3403 Hamar.',
        '  api_v1.kommuner has no row for 5601 Alta.',
        '  api_v1.kommune_indicators has no crime_per_1000_* value for the real kommuner: did source ssb-crime load?',
        '  api_v1.kommune_businesses has no row for the real kommuner: did source brreg-enheter load?',
      ].join('\n'),
    );
  });

  it('names an indicator of the catalogue that no real kommune has a value of', async () => {
    await client.query(
      `insert into api_v1.indicators values ('fishing_quota', 'Fishing quota', 'tonnes', 'fdir-quotas', null)`,
    );
    await expect(checkApiRows(db.url)).rejects.toThrow(
      'api_v1.kommune_indicators has no fishing_quota value for the real kommuner: did source fdir-quotas load?',
    );
  });

  it('fails on an empty indicator catalogue', async () => {
    await client.query('delete from api_v1.indicators');
    await expect(checkApiRows(db.url)).rejects.toThrow(
      'api_v1.indicators is empty: the indicators seed did not load.',
    );
  });
});
