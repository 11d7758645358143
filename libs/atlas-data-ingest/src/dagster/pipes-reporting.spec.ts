import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PipesContext, type PipesMessage } from '@atlas/dagster-pipes';
import { encodeParam } from '@atlas/dagster-pipes/extras';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestResult } from '../load/ingest-source.js';
import { ingestLoadMetadata, runIngestWithPipes, runMigrationsWithPipes } from './pipes-reporting.js';

let dir: string;
let messagesPath: string;

function underDagster(assetKey: string): void {
  const context = join(dir, 'context.json');
  writeFileSync(context, JSON.stringify({ run_id: 'r', asset_keys: [assetKey], extras: {} }));
  vi.stubEnv('DAGSTER_PIPES_CONTEXT', encodeParam({ path: context }));
  vi.stubEnv('DAGSTER_PIPES_MESSAGES', encodeParam({ path: messagesPath }));
}

const messages = (): PipesMessage[] =>
  readFileSync(messagesPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PipesMessage);

/** One process opens one Pipes context; these tests open one each. */
const forgetContext = () => {
  PipesContext['instance'] = null;
};

beforeEach(() => {
  forgetContext();
  dir = mkdtempSync(join(tmpdir(), 'ingest-pipes-'));
  messagesPath = join(dir, 'messages.jsonl');
  vi.stubEnv('DAGSTER_PIPES_CONTEXT', undefined);
  vi.stubEnv('DAGSTER_PIPES_MESSAGES', undefined);
});

afterEach(() => {
  forgetContext();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const load: IngestResult = {
  source: 'ssb-population',
  table: 'raw.ssb_population',
  rows: 12,
  payloadSha256: 'a'.repeat(64),
  loadId: '7',
  url: 'http://127.0.0.1:4000/pxweb/07459',
  startedAt: new Date('2024-05-01T10:00:00Z'),
  finishedAt: new Date('2024-05-01T10:00:02.5Z'),
};

describe('runIngestWithPipes', () => {
  it('reports the load as the materialization of the step asset, hash as data version', async () => {
    underDagster('raw/ssb_population');
    await expect(runIngestWithPipes(async () => load)).resolves.toBe(load);
    const [opened, log, materialization, closed] = messages();
    expect(opened?.method).toBe('opened');
    expect(log?.params).toEqual({
      message: 'ssb-population: 12 rows loaded into raw.ssb_population (load 7)',
      level: 'INFO',
    });
    expect(materialization?.params).toEqual({
      asset_key: 'raw/ssb_population',
      data_version: load.payloadSha256,
      metadata: ingestLoadMetadata(load),
    });
    expect(ingestLoadMetadata(load)).toEqual({
      source: { raw_value: 'ssb-population', type: 'text' },
      table: { raw_value: 'raw.ssb_population', type: 'text' },
      rows: { raw_value: 12, type: 'int' },
      payload_sha256: { raw_value: load.payloadSha256, type: 'text' },
      load_id: { raw_value: '7', type: 'text' },
      url: { raw_value: load.url, type: 'url' },
      started_at: { raw_value: 1714557600, type: 'timestamp' },
      finished_at: { raw_value: 1714557602.5, type: 'timestamp' },
      duration_seconds: { raw_value: 2.5, type: 'float' },
    });
    expect(closed).toMatchObject({ method: 'closed', params: {} });
  });

  it('reports a failed load as the closing exception and rethrows it', async () => {
    underDagster('raw/ssb_population');
    const failure = new Error('ssb-population: row 3, field population: "x" is not a number');
    await expect(runIngestWithPipes(() => Promise.reject(failure))).rejects.toBe(failure);
    const closed = messages().at(-1);
    expect(closed?.method).toBe('closed');
    expect((closed?.params as { exception: { message: string } }).exception.message).toBe(failure.message);
    expect(messages().some((m) => m.method === 'report_asset_materialization')).toBe(false);
  });

  it('is silent and does nothing from a terminal (no DAGSTER_PIPES_CONTEXT)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(runIngestWithPipes(async () => load)).resolves.toBe(load);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('runMigrationsWithPipes', () => {
  it('reports applied migrations as the materialization', async () => {
    underDagster('raw_schema_migrations');
    await runMigrationsWithPipes(async () => ({
      applied: ['0001_raw_schema.sql'],
      alreadyApplied: 2,
      abandoned: [],
    }));
    expect(messages().find((m) => m.method === 'report_asset_materialization')?.params).toEqual({
      asset_key: 'raw_schema_migrations',
      data_version: null,
      metadata: {
        applied_count: { raw_value: 1, type: 'int' },
        applied: { raw_value: ['0001_raw_schema.sql'], type: 'json' },
        already_applied: { raw_value: 2, type: 'int' },
        abandoned_loads: { raw_value: [], type: 'json' },
      },
    });
  });
});
