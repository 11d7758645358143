import { pathToFileURL } from 'node:url';
import { REFERENCE_KOMMUNER } from '@atlas/atlas-data-ingest';
import pg from 'pg';

/** Real municipalities the ingest fixtures carry: the API is only proven to work when they come out of it. */
export const REAL_KOMMUNER = REFERENCE_KOMMUNER;

/** How a message names a source's indicators: the one id, or their common prefix and a star (crime_per_1000_*). */
export function indicatorFamily(ids: readonly string[]): string {
  if (ids.length === 1) return ids[0] as string;
  let prefix = ids[0] ?? '';
  for (const id of ids) while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return `${prefix}*`;
}

/**
 * Query the api_v1 views as PostgREST would and check they answer for the real kommuner.
 * Returns summary lines; throws one error listing every problem found.
 */
export async function checkApiRows(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const problems: string[] = [];
    const summary: string[] = [];
    const numbers = REAL_KOMMUNER.map(([nummer]) => nummer);

    const kommuner = await client.query<{
      kommunenummer: string;
      kommunenavn: string;
      fylkesnavn: string;
      population: number | null;
      population_year: number | null;
    }>(
      'select kommunenummer, kommunenavn, fylkesnavn, population, population_year from api_v1.kommuner where kommunenummer = any($1) order by kommunenummer',
      [numbers],
    );
    const total = await client.query<{ n: string }>('select count(*) as n from api_v1.kommuner');
    summary.push(`api_v1.kommuner: ${total.rows[0]?.n ?? 0} rows`);
    const found = new Map(kommuner.rows.map((row) => [row.kommunenummer, row]));
    for (const [nummer, navn] of REAL_KOMMUNER) {
      const row = found.get(nummer);
      if (!row) problems.push(`api_v1.kommuner has no row for ${nummer} ${navn}.`);
      else if (row.kommunenavn !== navn)
        problems.push(`api_v1.kommuner names ${nummer} "${row.kommunenavn}", expected "${navn}".`);
      else if (row.population === null || row.population <= 0)
        problems.push(`api_v1.kommuner has no population for ${nummer} ${navn}.`);
      else
        summary.push(
          `  ${nummer} ${navn} (${row.fylkesnavn}): population ${row.population} in ${row.population_year}`,
        );
    }

    const indicators = await client.query<{ n: string }>('select count(*) as n from api_v1.indicators');
    summary.push(`api_v1.indicators: ${indicators.rows[0]?.n ?? 0} rows`);
    if (Number(indicators.rows[0]?.n ?? 0) === 0)
      problems.push('api_v1.indicators is empty: the indicators seed did not load.');

    const values = await client.query<{ n: string; kommuner: string }>(
      'select count(*) as n, count(distinct kommunenummer) as kommuner from api_v1.kommune_indicators where kommunenummer = any($1)',
      [numbers],
    );
    summary.push(
      `api_v1.kommune_indicators: ${values.rows[0]?.n ?? 0} rows for ${values.rows[0]?.kommuner ?? 0} of the ${numbers.length} kommuner`,
    );
    // Every source the indicator catalogue names must reach the API through at least one of its indicators.
    const families = await client.query<{ source_id: string; ids: string[] }>(
      'select source_id, array_agg(indicator_id order by indicator_id) as ids from api_v1.indicators group by source_id order by source_id',
    );
    for (const { source_id: source, ids } of families.rows) {
      const family = await client.query<{ n: string; example: string | null }>(
        `select count(*) as n, min(kommunenavn || ' ' || indicator_id || ' ' || period || ' = ' || value || ' ' || unit) as example
         from api_v1.kommune_indicators where kommunenummer = any($1) and indicator_id = any($2)`,
        [numbers, ids],
      );
      const n = Number(family.rows[0]?.n ?? 0);
      if (n === 0)
        problems.push(
          `api_v1.kommune_indicators has no ${indicatorFamily(ids)} value for the real kommuner: did source ${source} load?`,
        );
      else summary.push(`  ${source}: ${n} values, e.g. ${family.rows[0]?.example ?? ''}`);
    }

    const businesses = await client.query<{ n: string; organisations: string | null }>(
      'select count(*) as n, sum(organisation_count) as organisations from api_v1.kommune_businesses where kommunenummer = any($1)',
      [numbers],
    );
    const businessRows = Number(businesses.rows[0]?.n ?? 0);
    summary.push(
      `api_v1.kommune_businesses: ${businessRows} of the real kommuner, ${businesses.rows[0]?.organisations ?? 0} organisations`,
    );
    if (businessRows === 0)
      problems.push(
        'api_v1.kommune_businesses has no row for the real kommuner: did source brreg-enheter load?',
      );

    if (problems.length > 0)
      throw new Error(`the api_v1 views are missing data:\n  ${problems.join('\n  ')}`);
    return summary;
  } finally {
    await client.end();
  }
}

/**
 * As dbt-build's check command: the api_v1 views of the database just built (ATLAS_DATABASE_URL)
 * answer for the real kommuner. Exit 1 with the problems, one per line.
 */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env['ATLAS_DATABASE_URL'];
  if (!url) {
    console.error('check-api-rows: ATLAS_DATABASE_URL is not set: run it as a check command of dbt-build.');
    process.exit(2);
  }
  try {
    for (const line of await checkApiRows(url)) console.log(`check-api-rows: ${line}`);
  } catch (error) {
    console.error(`check-api-rows: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
