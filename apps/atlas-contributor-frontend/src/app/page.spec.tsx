import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EphemeralPostgres } from '@atlas/runtime';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabasePools } from '../lib/database';
import { INGEST_SOURCES } from '../lib/ingest-sources';
import { fixturesDir } from '../testing/fixture-path';
import { startEmptyDatabase, startMigratedDatabase } from '../testing/migrated-database';
import { seedLoadHistory, type SeededHistory } from '../testing/seed-loads';
import DiagnosticsPage from './page';

// The page is an async server component: awaiting it gives the element tree Next streams, rendered
// here to HTML with the environment a contributor would set.
let migrated: EphemeralPostgres;
let seeded: SeededHistory | undefined;
let empty: EphemeralPostgres;
let noTarget: string;
const saved = { url: process.env['ATLAS_DATABASE_URL'], target: process.env['ATLAS_DBT_TARGET_DIR'] };

beforeAll(async () => {
  [migrated, empty] = await Promise.all([startMigratedDatabase(), startEmptyDatabase()]);
  seeded = await seedLoadHistory(migrated.url);
  noTarget = await mkdtemp(join(tmpdir(), 'atlas-no-dbt-target-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await seeded?.release();
  for (const [name, value] of [
    ['ATLAS_DATABASE_URL', saved.url],
    ['ATLAS_DBT_TARGET_DIR', saved.target],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await closeDatabasePools();
  await Promise.all([migrated?.stop(), empty?.stop()]);
  if (noTarget) await rm(noTarget, { recursive: true, force: true });
});

async function renderPage(env: {
  ATLAS_DATABASE_URL?: string;
  ATLAS_DBT_TARGET_DIR: string;
}): Promise<{ html: string; logged: string[] }> {
  if (env.ATLAS_DATABASE_URL === undefined) delete process.env['ATLAS_DATABASE_URL'];
  else process.env['ATLAS_DATABASE_URL'] = env.ATLAS_DATABASE_URL;
  process.env['ATLAS_DBT_TARGET_DIR'] = env.ATLAS_DBT_TARGET_DIR;
  const logged: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
  return { html: renderToStaticMarkup(await DiagnosticsPage()), logged };
}

/** The table row of one source in the latest-loads table. */
function sourceRow(html: string, source: string): string {
  const match = new RegExp(`<tr id="source-${source}">(.*?)</tr>`, 's').exec(html);
  if (!match?.[1]) throw new Error(`no row for ${source} in the latest-loads table`);
  return match[1];
}

describe('diagnostics page', () => {
  it('shows each source with its latest load: status, rows, age and failure', async () => {
    const { html, logged } = await renderPage({
      ATLAS_DATABASE_URL: migrated.url,
      ATLAS_DBT_TARGET_DIR: fixturesDir,
    });
    expect(logged).toEqual([]);
    expect(html).toContain('<h1>Atlas diagnostics</h1>');
    expect(sourceRow(html, 'kommuner')).toMatch(
      /^<td>kommuner<\/td><td><span class="status-succeeded">succeeded<\/span><\/td><td class="number">12<\/td><td>2 h ago<\/td><td>3\.00 s<\/td><td>this load<\/td><td><\/td>$/,
    );
    expect(sourceRow(html, 'ssb-population')).toBe(
      '<td>ssb-population</td><td><span class="status-failed">failed</span></td><td class="number">–</td><td>10 min ago</td><td>3.00 s</td><td>3 d ago</td>' +
        '<td><pre class="problem">HTTP 503 from https://data.ssb.no/api/pxwebapi/v2/tables/07459/data: Service Unavailable. Try again later, or run with --fixtures.</pre></td>',
    );
    // raw._loads still says running, but no process holds the source's lock: the load is gone.
    expect(sourceRow(html, 'ssb-crime')).toContain(
      '<span class="status-abandoned">abandoned</span></td><td class="number">–</td><td>started 5 min ago</td><td>–</td><td>never</td>',
    );
    expect(sourceRow(html, 'ssb-crime')).toContain('its process ended without finishing');
    expect(sourceRow(html, 'brreg-enheter')).toContain(
      '<span class="status-running">running</span></td><td class="number">–</td><td>started 1 min ago</td><td>–</td>',
    );
    expect(sourceRow(html, 'fhi-life-expectancy')).toContain(
      'never loaded: run <code>npx atlas-ingest ingest fhi-life-expectancy</code>',
    );
    expect(sourceRow(html, 'nav-unemployment')).toContain(
      '<td>never</td><td><pre class="problem">Payload error in row 3 of the CSV: registered_unemployed &quot;many&quot; is not an integer.\nNothing was loaded.</pre></td>',
    );
    expect(sourceRow(html, 'legacy-source')).toContain(
      '<td>legacy-source (not in the source catalogue)</td>',
    );
    expect(html).toContain('<summary>brreg-enheter: last 5 loads</summary>');
  });

  it('shows the row count of every raw table and the applied migrations', async () => {
    const { html } = await renderPage({
      ATLAS_DATABASE_URL: migrated.url,
      ATLAS_DBT_TARGET_DIR: fixturesDir,
    });
    expect(html).toContain(
      '<tr><td>raw.kommuner</td><td>kommuner</td><td class="number">12</td><td>2 h ago</td></tr>',
    );
    expect(html).toContain(
      '<tr><td>raw.brreg_enheter</td><td>brreg-enheter</td><td class="number">2</td><td>24 h ago</td></tr>',
    );
    expect(html).toContain(
      '<tr><td>raw.ssb_crime</td><td>ssb-crime</td><td class="number">0</td><td>empty</td></tr>',
    );
    expect(html).toMatch(/migrations? applied, latest <code>\d+_[a-z_]+\.sql<\/code>/);
    expect(html).not.toContain('atlas-ingest migrate');
  });

  it('shows the latest dbt run: counts per status and the failing nodes first', async () => {
    const { html } = await renderPage({
      ATLAS_DATABASE_URL: migrated.url,
      ATLAS_DBT_TARGET_DIR: fixturesDir,
    });
    expect(html).toContain(
      '<code>dbt build --project-dir libs/dbt-project --profiles-dir libs/dbt-project</code> with dbt 1.11.9',
    );
    expect(html).toContain('(2026-11-25 07:54:15 UTC), took 1.61 s.');
    expect(html).toContain(
      '1 <span class="status-error">error</span>, 1 <span class="status-fail">fail</span>, 1 <span class="status-pass">pass</span>',
    );
    expect(html).toContain(' · 4 nodes need attention');
    expect(html).toContain(
      '<tr><td>model.atlas.stg_ssb_population</td><td><span class="status-error">error</span></td><td>2026-11-25 07:54:09 UTC</td><td class="number">0.22 s</td><td class="number">–</td><td><pre class="problem">Database Error in model stg_ssb_population',
    );
    expect(html).toContain(
      '<td>test.atlas.not_null_stg_kommuner_kommunenavn.0d1e9a7c42</td><td><span class="status-fail">fail</span></td><td>2026-11-25 07:54:09 UTC</td><td class="number">0.13 s</td><td class="number">3</td><td><pre class="problem">Got 3 results, configured to fail if != 0</pre></td>',
    );
    expect(html.indexOf('stg_ssb_population</td>')).toBeLessThan(html.indexOf('seed.atlas.indicators'));
  });

  it('shows one line saying what to set when ATLAS_DATABASE_URL is missing, and logs it', async () => {
    const { html, logged } = await renderPage({
      ATLAS_DATABASE_URL: undefined,
      ATLAS_DBT_TARGET_DIR: fixturesDir,
    });
    const line =
      'ATLAS_DATABASE_URL is not set: set it to the PostgreSQL database the ingest loads into, e.g. postgres://atlas:atlas@localhost:5432/atlas.';
    expect(html).toContain(`<section id="database"><p class="problem">${line}</p></section>`);
    expect(html).not.toContain('<section id="loads">');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    expect(logged).toEqual([line]);
    // The dbt part does not need the database.
    expect(html).toContain('<h2>Latest dbt run</h2><p><code>dbt build');
  });

  it('tells to run the migrations when the raw schema is missing', async () => {
    const { html } = await renderPage({ ATLAS_DATABASE_URL: empty.url, ATLAS_DBT_TARGET_DIR: fixturesDir });
    expect(html).toContain(
      `<p class="hint">Missing in this database: ${['raw._migrations', 'raw._loads', ...INGEST_SOURCES.map(({ table }) => `raw.${table}`)].join(', ')}. Run <code>npx atlas-ingest migrate</code> with ATLAS_DATABASE_URL set to it to create the raw schema.</p>`,
    );
    expect(html).toContain(
      '<tr><td>raw.kommuner</td><td>kommuner</td><td colSpan="2" class="problem">missing</td></tr>',
    );
  });

  it('says where it looked when there are no dbt run results', async () => {
    const { html } = await renderPage({ ATLAS_DATABASE_URL: migrated.url, ATLAS_DBT_TARGET_DIR: noTarget });
    expect(html).toContain(
      `No dbt run results at <code>${join(noTarget, 'run_results.json')}</code>: run <code>npx nx run dbt-project:dbt-build</code>`,
    );
    expect(html).toContain('<section id="loads">');
  });
});
