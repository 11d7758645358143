import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOT_LAUNCHED_BY_DAGSTER_WARNING, PipesContext, openDagsterPipes } from './context.js';
import { encodeParam } from './encoding.js';
import { PipesMappingParamsLoader } from './params-loader.js';
import type { PipesContextData, PipesMessage } from './protocol.js';

let dir: string;

const baseContext: PipesContextData = {
  asset_keys: ['raw/kommuner'],
  code_version_by_asset_key: { 'raw/kommuner': 'v3' },
  provenance_by_asset_key: { 'raw/kommuner': null },
  partition_key: null,
  partition_key_range: null,
  partition_time_window: null,
  run_id: 'run-123',
  job_name: '__ASSET_JOB',
  retry_number: 2,
  extras: { source: 'kommuner', limit: 5 },
};

/** Opens a live context with the file loader and file writer, as PipesSubprocessClient sets them up. */
function openLive(overrides: Partial<PipesContextData> = {}): {
  pipes: PipesContext;
  messages: () => PipesMessage[];
} {
  const contextPath = join(dir, 'context.json');
  const messagesPath = join(dir, 'messages.jsonl');
  writeFileSync(contextPath, JSON.stringify({ ...baseContext, ...overrides }));
  const loader = new PipesMappingParamsLoader({
    DAGSTER_PIPES_CONTEXT: encodeParam({ path: contextPath }),
    DAGSTER_PIPES_MESSAGES: encodeParam({ path: messagesPath }),
  });
  const pipes = openDagsterPipes(loader);
  const messages = () =>
    readFileSync(messagesPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as PipesMessage);
  return { pipes, messages };
}

beforeEach(() => {
  PipesContext.reset();
  dir = mkdtempSync(join(tmpdir(), 'pipes-context-'));
});

afterEach(() => {
  PipesContext.reset();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('openDagsterPipes (live)', () => {
  it('sends `opened` first, in the protocol envelope', () => {
    const { pipes, messages } = openLive();
    expect(pipes.isLive).toBe(true);
    expect(messages()).toEqual([
      { __dagster_pipes_version: '0.1', method: 'opened', params: { extras: {} } },
    ]);
    pipes.close();
  });

  it('returns the same context on a second call', () => {
    const { pipes } = openLive();
    expect(openDagsterPipes()).toBe(pipes);
    pipes.close();
  });

  it('exposes the context data through the getters', () => {
    const { pipes } = openLive();
    expect(pipes.assetKey).toBe('raw/kommuner');
    expect(pipes.assetKeys).toEqual(['raw/kommuner']);
    expect(pipes.isAssetStep).toBe(true);
    expect(pipes.codeVersion).toBe('v3');
    expect(pipes.provenance).toBeNull();
    expect(pipes.runId).toBe('run-123');
    expect(pipes.runID).toBe('run-123');
    expect(pipes.jobName).toBe('__ASSET_JOB');
    expect(pipes.retryNumber).toBe(2);
    expect(pipes.extras).toEqual({ source: 'kommuner', limit: 5 });
    expect(pipes.getExtra('limit')).toBe(5);
    expect(() => pipes.getExtra('missing')).toThrow(/Extra "missing" is undefined/);
    expect(pipes.isPartitionStep).toBe(false);
    expect(() => pipes.partitionKey).toThrow(/partitionKey` is undefined/);
    pipes.close();
  });

  it('exposes partitions when the step has one', () => {
    const { pipes } = openLive({
      partition_key: '2024-01-01',
      partition_key_range: { start: '2024-01-01', end: '2024-01-01' },
      partition_time_window: { start: '2024-01-01T00:00:00+00:00', end: '2024-01-02T00:00:00+00:00' },
    });
    expect(pipes.isPartitionStep).toBe(true);
    expect(pipes.partitionKey).toBe('2024-01-01');
    expect(pipes.partitionKeyRange).toEqual({ start: '2024-01-01', end: '2024-01-01' });
    expect(pipes.partitionTimeWindow?.end).toBe('2024-01-02T00:00:00+00:00');
    pipes.close();
  });

  it('refuses single-asset getters when the step has several assets', () => {
    const { pipes } = openLive({ asset_keys: ['raw/a', 'raw/b'] });
    expect(() => pipes.assetKey).toThrow(/targets several assets/);
    expect(() => pipes.reportAssetMaterialization({ rows: 1 })).toThrow(/without an asset key is undefined/);
    pipes.reportAssetMaterialization({ rows: 1 }, null, 'raw/b');
    expect(() => pipes.reportAssetMaterialization(null, null, 'raw/c')).toThrow(
      /expected one of \["raw\/a","raw\/b"\]/,
    );
    pipes.close();
  });

  it('logs at every level, through log.<level>, log(message, level) and logger', () => {
    const { pipes, messages } = openLive();
    pipes.log.debug('d');
    pipes.log.info('i');
    pipes.log.warning('w');
    pipes.log.error('e');
    pipes.log.critical('c');
    pipes.log('plain');
    pipes.log('explicit', 'WARNING');
    pipes.logger.info('via logger');
    expect(() => pipes.log('bad', 'TRACE' as never)).toThrow(/Invalid log level "TRACE"/);
    const logs = messages()
      .filter((m) => m.method === 'log')
      .map((m) => m.params);
    expect(logs).toEqual([
      { message: 'd', level: 'DEBUG' },
      { message: 'i', level: 'INFO' },
      { message: 'w', level: 'WARNING' },
      { message: 'e', level: 'ERROR' },
      { message: 'c', level: 'CRITICAL' },
      { message: 'plain', level: 'INFO' },
      { message: 'explicit', level: 'WARNING' },
      { message: 'via logger', level: 'INFO' },
    ]);
    pipes.close();
  });

  it('reports a materialization with normalized metadata, once per asset', () => {
    const { pipes, messages } = openLive();
    pipes.reportAssetMaterialization(
      { rows: 12, payload_sha256: { raw_value: 'ab12', type: 'text' }, info: { a: 1 }, tags: ['x'] },
      'ab12',
    );
    expect(messages()[1]).toEqual({
      __dagster_pipes_version: '0.1',
      method: 'report_asset_materialization',
      params: {
        asset_key: 'raw/kommuner',
        data_version: 'ab12',
        metadata: {
          rows: { raw_value: 12, type: '__infer__' },
          payload_sha256: { raw_value: 'ab12', type: 'text' },
          info: { raw_value: { a: 1 }, type: 'json' },
          tags: { raw_value: ['x'], type: '__infer__' },
        },
      },
    });
    expect(() => pipes.reportAssetMaterialization()).toThrow(/already reported as materialized/);
    pipes.close();
  });

  it('sends null metadata and data version when none are given', () => {
    const { pipes, messages } = openLive();
    pipes.reportAssetMaterialization();
    expect(messages()[1]?.params).toEqual({ asset_key: 'raw/kommuner', data_version: null, metadata: null });
    pipes.close();
  });

  it('reports asset checks with severity and metadata, and validates them', () => {
    const { pipes, messages } = openLive();
    pipes.reportAssetCheck('rows_positive', true);
    pipes.reportAssetCheck('no_unknown_kommuner', false, 'WARN', { unknown: 3 });
    expect(() => pipes.reportAssetCheck('x', true, 'FATAL' as never)).toThrow(/expected "ERROR" or "WARN"/);
    expect(() => pipes.reportAssetCheck('x', 'yes' as never)).toThrow(/expected a boolean/);
    expect(() => pipes.reportAssetCheck('', true)).toThrow(/non-empty string/);
    const checks = messages()
      .filter((m) => m.method === 'report_asset_check')
      .map((m) => m.params);
    expect(checks).toEqual([
      {
        asset_key: 'raw/kommuner',
        check_name: 'rows_positive',
        passed: true,
        metadata: null,
        severity: 'ERROR',
      },
      {
        asset_key: 'raw/kommuner',
        check_name: 'no_unknown_kommuner',
        passed: false,
        metadata: { unknown: { raw_value: 3, type: '__infer__' } },
        severity: 'WARN',
      },
    ]);
    pipes.close();
  });

  it('reports custom messages of any JSON shape', () => {
    const { pipes, messages } = openLive();
    pipes.reportCustomMessage({ loaded: ['0301', '4601'] });
    pipes.reportCustomMessage('text');
    pipes.reportCustomMessage(null);
    expect(() => pipes.reportCustomMessage(() => 1)).toThrow(/JSON-serializable/);
    const custom = messages()
      .filter((m) => m.method === 'report_custom_message')
      .map((m) => m.params);
    expect(custom).toEqual([
      { payload: { loaded: ['0301', '4601'] } },
      { payload: 'text' },
      { payload: null },
    ]);
    pipes.close();
  });

  it('closes once, and refuses messages afterwards', () => {
    const { pipes, messages } = openLive();
    pipes.close();
    pipes.close();
    expect(pipes.isClosed).toBe(true);
    expect(() => pipes.log.info('late')).toThrow(/after the Pipes context is closed/);
    expect(messages().map((m) => m.method)).toEqual(['opened', 'closed']);
    expect(messages()[1]?.params).toEqual({});
  });

  it('reports an Error given to close(), with its frames and cause', () => {
    const { pipes, messages } = openLive();
    const error = new TypeError('payload truncated', { cause: new Error('socket hang up') });
    pipes.close(error);
    const closed = messages()[1];
    expect(closed?.method).toBe('closed');
    const exception = (closed?.params as { exception: Record<string, unknown> }).exception;
    expect(exception['message']).toBe('payload truncated');
    expect(exception['name']).toBe('TypeError');
    expect((exception['stack'] as string[]).length).toBeGreaterThan(0);
    expect((exception['stack'] as string[])[0]).toMatch(/^at .*context\.spec\.ts/);
    expect(exception['cause']).toMatchObject({
      message: 'socket hang up',
      name: 'Error',
      cause: null,
      context: null,
    });
    expect(exception['context']).toBeNull();
  });

  it('passes a PipesException through and wraps strings, like upstream', () => {
    const { pipes, messages } = openLive();
    pipes.close({ name: 'AnError', message: 'Very bad', stack: ['a', 'b'], cause: null, context: null });
    expect(messages()[1]?.params).toEqual({
      exception: { name: 'AnError', message: 'Very bad', stack: ['a', 'b'], cause: null, context: null },
    });
    PipesContext.reset();
    const second = openLive();
    second.pipes.close('plain failure');
    expect(second.messages().at(-1)?.params).toEqual({
      exception: { message: 'plain failure', stack: [], name: null, cause: null, context: null },
    });
  });

  it('closes through Symbol.dispose', () => {
    const { pipes, messages } = openLive();
    pipes[Symbol.dispose]();
    expect(messages().at(-1)?.method).toBe('closed');
  });
});

describe('openDagsterPipes (not launched by Dagster)', () => {
  it('returns a no-op context and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const pipes = openDagsterPipes(new PipesMappingParamsLoader({}));
    const again = openDagsterPipes(new PipesMappingParamsLoader({}));
    expect(again).toBe(pipes);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(NOT_LAUNCHED_BY_DAGSTER_WARNING);
    expect(pipes.isLive).toBe(false);
    pipes.log.info('dropped');
    pipes.reportAssetMaterialization({ rows: 1 });
    pipes.reportAssetCheck('c', true);
    pipes.reportCustomMessage({});
    pipes.close(new Error('ignored'));
    expect(pipes.assetKeys).toEqual([]);
    expect(pipes.extras).toEqual({});
    expect(pipes.runId).toBe('');
  });

  it('fails with a clear line when the context variable is set but the messages one is not', () => {
    const contextPath = join(dir, 'context.json');
    writeFileSync(contextPath, JSON.stringify(baseContext));
    const loader = new PipesMappingParamsLoader({
      DAGSTER_PIPES_CONTEXT: encodeParam({ path: contextPath }),
    });
    expect(() => openDagsterPipes(loader)).toThrow(/^DAGSTER_PIPES_MESSAGES is not set/);
  });
});
