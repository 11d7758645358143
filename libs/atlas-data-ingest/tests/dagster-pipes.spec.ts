import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, venvBin } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../src/fixtures/fixture-server.js';
import { MIGRATIONS_DIR } from '../src/migrate/migrator.js';
import { loads, TestServer, withClient } from './support/database.js';

const here = dirname(fileURLToPath(import.meta.url));
const shippedMigrations = async () =>
  (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).length;
const BIN = resolve(here, '../bin/atlas-ingest.mjs');

interface RunSummary {
  success: boolean;
  materializations: Record<string, { metadata: Record<string, unknown>; data_version: string | null }>;
  failures: string[];
  reported_exceptions: string[];
}

/**
 * The orchestration side for real: dagster's materialize() with PipesSubprocessClient runs the CLI
 * (migrate, then ingest kommuner) as the code location's assets do, once from the fixtures and once
 * from a broken payload; the Python script reports what Dagster recorded.
 */
describe('atlas-ingest under the real Dagster PipesSubprocessClient', () => {
  let server: TestServer;
  let url: string;
  let work: string;
  let summary: { ok: RunSummary; bad: RunSummary };

  beforeAll(async () => {
    server = await TestServer.start('atlas_ingest_dagster');
    url = await server.createDatabase();
    work = await mkdtemp(join(tmpdir(), 'atlas-ingest-dagster-'));
    const bad = join(work, 'bad');
    await cp(FIXTURES_DIR, bad, { recursive: true });
    await writeFile(
      join(bad, 'kommuner', 'codes-at-2024-01-01.json'),
      '{"codes": [{"code": "0301", "name": "Oslo"',
    );

    const summaryPath = join(work, 'summary.json');
    const result = await runProcess(
      [
        venvBin('python'),
        join(here, 'dagster_pipes_run.py'),
        '--node',
        process.execPath,
        '--bin',
        BIN,
        '--summary',
        summaryPath,
        '--bad-fixtures',
        bad,
      ],
      {
        cwd: work,
        echo: false,
        timeoutMs: 180_000,
        env: { ATLAS_DATABASE_URL: url, DAGSTER_HOME: undefined },
      },
    );
    try {
      summary = JSON.parse(await readFile(summaryPath, 'utf8')) as typeof summary;
    } catch {
      throw new Error(
        `dagster_pipes_run.py wrote no summary (exit ${String(result.exitCode)}):\n${result.output}`,
      );
    }
  });
  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('materializes the migrations and raw/kommuner with the load as metadata', async () => {
    expect(summary.ok.failures).toEqual([]);
    expect(summary.ok.reported_exceptions).toEqual([]);
    expect(summary.ok.success).toBe(true);
    const load = (await loads(url)).find((l) => l.source === 'kommuner' && l.status === 'succeeded');
    expect(summary.ok.materializations['raw/kommuner']).toEqual({
      data_version: load?.payload_sha256,
      metadata: expect.objectContaining({
        source: 'kommuner',
        table: 'raw.kommuner',
        rows: 358,
        payload_sha256: load?.payload_sha256,
        load_id: load?.load_id,
      }) as unknown,
    });
    expect(summary.ok.materializations['raw_schema_migrations']?.metadata).toMatchObject({
      applied_count: await shippedMigrations(),
      already_applied: 0,
    });
  });

  it('fails the step with the one-line error and keeps the rows of the previous load', async () => {
    expect(summary.bad.success).toBe(false);
    expect(summary.bad.materializations['raw/kommuner']).toBeUndefined();
    expect(summary.bad.materializations['raw_schema_migrations']?.metadata).toMatchObject({
      applied_count: 0,
      already_applied: await shippedMigrations(),
    });
    expect(summary.bad.failures.join('\n')).toContain('External execution process failed with code 1');
    expect(summary.bad.reported_exceptions).toHaveLength(1);
    expect(summary.bad.reported_exceptions[0]).toMatch(
      /^kommuner: the response of http:\/\/127\.0\.0\.1:\d+\/kommuner\/\S+ is not valid JSON \(.*\): the download may be truncated, run the ingest again$/,
    );

    const kommunerLoads = (await loads(url)).filter((l) => l.source === 'kommuner');
    expect(kommunerLoads.map((l) => l.status)).toEqual(['succeeded', 'failed']);
    await withClient(url, async (client) => {
      const rows = await client.query<{ id: string; n: string }>(
        'select _load_id::text as id, count(*) as n from raw.kommuner group by 1',
      );
      expect(rows.rows).toEqual([{ id: kommunerLoads[0]?.load_id, n: '358' }]);
    });
  });
});
