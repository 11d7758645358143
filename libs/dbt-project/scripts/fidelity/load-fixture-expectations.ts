/**
 * Setup step of dbt-build: writes the figures the recorded fixtures hold (fixture-expectations.ts)
 * into fidelity.expected_api_values of the build's database (ATLAS_DATABASE_URL), where the tests
 * assert_api_values_match_the_fixtures and assert_business_counts_match_the_fixture (enabled by
 * the dbt variable fixture_expectations) compare them with api_v1.
 *
 *   ATLAS_DATABASE_URL=... npx tsx libs/dbt-project/scripts/fidelity/load-fixture-expectations.ts
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { fixtureExpectations } from './fixture-expectations.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const url = process.env['ATLAS_DATABASE_URL'];
  if (!url) throw new Error('ATLAS_DATABASE_URL is not set: point it at the database dbt builds in.');
  const expected = await fixtureExpectations(projectDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`create schema if not exists fidelity`);
    await client.query(`drop table if exists fidelity.expected_api_values`);
    await client.query(
      `create table fidelity.expected_api_values (relation text not null, kommunenummer text not null, indicator_id text not null, period text not null, value numeric not null)`,
    );
    await client.query(
      `insert into fidelity.expected_api_values select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[])`,
      [
        expected.map((e) => e.relation),
        expected.map((e) => e.kommunenummer),
        expected.map((e) => e.indicatorId),
        expected.map((e) => e.period),
        expected.map((e) => String(e.value)),
      ],
    );
    await client.query('commit');
    console.log(`fidelity.expected_api_values: ${expected.length} figures read from the recorded fixtures`);
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`load-fixture-expectations: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
