import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  openLiveContext,
  readMessages,
  resetPipesContext,
  STEP_CONTEXT,
  StaticParamsLoader,
} from '../tests/support/pipes-session.js';
import { PipesDefaultMessageWriter } from './message-writer.js';
import { PIPES_PROTOCOL_VERSION, PipesContext, openDagsterPipes } from './pipes-context.js';
import { AssetCheckSeverity, PipesLogLevel } from './types.js';

let dir: string;

beforeEach(() => {
  resetPipesContext();
  dir = mkdtempSync(join(tmpdir(), 'pipes-context-'));
});

afterEach(() => {
  resetPipesContext();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('openDagsterPipes (live)', () => {
  it('sends `opened` first, in the protocol envelope, with the writer’s extras', () => {
    class WriterWithExtras extends PipesDefaultMessageWriter {
      override openedExtras() {
        return { writer: 'file' };
      }
    }
    const contextPath = join(dir, 'context.json');
    writeFileSync(contextPath, JSON.stringify(STEP_CONTEXT));
    const messagesPath = join(dir, 'messages.jsonl');
    const pipes = openDagsterPipes(
      new StaticParamsLoader({ path: contextPath }, { path: messagesPath }),
      null,
      new WriterWithExtras(),
    );
    pipes.close();
    expect(readMessages(messagesPath)).toEqual([
      {
        __dagster_pipes_version: PIPES_PROTOCOL_VERSION,
        method: 'opened',
        params: { extras: { writer: 'file' } },
      },
      { __dagster_pipes_version: '0.1', method: 'closed', params: {} },
    ]);
  });

  it('returns the same context on a second call, as getInstance does', () => {
    const { pipes } = openLiveContext(dir);
    expect(openDagsterPipes()).toBe(pipes);
    expect(PipesContext.getInstance(null, null, null)).toBe(pipes);
    pipes.close();
  });

  it('exposes the context data through the getters', () => {
    const { pipes } = openLiveContext(dir);
    expect(pipes.assetKey).toBe('raw/kommuner');
    expect(pipes.assetKeys).toEqual(['raw/kommuner']);
    expect(pipes.codeVersion).toBe('v3');
    expect(pipes.codeVersionByAssetKey).toEqual({ 'raw/kommuner': 'v3' });
    expect(pipes.provenance).toBeNull();
    expect(pipes.provenanceByAssetKey).toEqual({ 'raw/kommuner': null });
    expect(pipes.runID).toBe('run-123');
    expect(pipes.jobName).toBe('__ASSET_JOB');
    expect(pipes.retryNumber).toBe(2);
    expect(pipes.extras).toEqual({ source: 'kommuner', limit: 5 });
    expect(pipes.getExtra('limit')).toBe(5);
    expect(() => pipes.getExtra('missing')).toThrow(/Extra "missing" is undefined/);
    expect(pipes.isPartitionStep).toBe(false);
    expect(() => pipes.partitionKey).toThrow(/partitionKey` is undefined/);
    expect(() => pipes.partitionKeyRange).toThrow(/partitionKeyRange` is undefined/);
    pipes.close();
  });

  it('reads a context that omits keys (older orchestrators) as "not in scope"', () => {
    const { pipes } = openLiveContext(dir, {
      asset_keys: undefined,
      job_name: undefined,
      extras: undefined,
      partition_key: undefined,
    });
    expect(pipes.jobName).toBeNull();
    expect(pipes.extras).toEqual({});
    expect(() => pipes.assetKey).toThrow(/targets no asset/);
    expect(() => pipes.reportAssetMaterialization()).toThrow(/without an asset key is undefined/);
    pipes.reportAssetMaterialization(null, null, 'raw/other');
    pipes.close();
  });

  it('exposes partitions when the step has one', () => {
    const { pipes } = openLiveContext(dir, {
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

  it('refuses single-asset getters and reports without a key when the step has several assets', () => {
    const { pipes } = openLiveContext(dir, { asset_keys: ['raw/a', 'raw/b'] });
    expect(() => pipes.assetKey).toThrow(/targets several assets/);
    expect(() => pipes.reportAssetMaterialization({ rows: 1 })).toThrow(/without an asset key is undefined/);
    pipes.reportAssetMaterialization({ rows: 1 }, null, 'raw/b');
    expect(() => pipes.reportAssetMaterialization(null, null, 'raw/c')).toThrow(
      /expected one of \["raw\/a","raw\/b"\]/,
    );
    pipes.close();
  });

  it('logs at every level, through logger.<level> and log(message, level)', () => {
    const { pipes, messages } = openLiveContext(dir);
    pipes.logger.debug('d');
    pipes.logger.info('i');
    pipes.logger.warning('w');
    pipes.logger.error('e');
    pipes.logger.critical('c');
    pipes.log('explicit', PipesLogLevel.Warning);
    pipes.log('as text', 'ERROR');
    expect(pipes.logger.context).toBe(pipes);
    expect(() => pipes.log('bad', 'TRACE')).toThrow(/Invalid log level "TRACE"/);
    const logs = messages()
      .filter((m) => m.method === 'log')
      .map((m) => m.params);
    expect(logs).toEqual([
      { message: 'd', level: 'DEBUG' },
      { message: 'i', level: 'INFO' },
      { message: 'w', level: 'WARNING' },
      { message: 'e', level: 'ERROR' },
      { message: 'c', level: 'CRITICAL' },
      { message: 'explicit', level: 'WARNING' },
      { message: 'as text', level: 'ERROR' },
    ]);
    pipes.close();
  });

  it('reports a materialization with normalized metadata, once per asset', () => {
    const { pipes, messages } = openLiveContext(dir);
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
    expect(() =>
      pipes.reportAssetCheck('c', true, 'ERROR', { x: { raw_value: 1, type: 'integer' } }),
    ).toThrow(/Invalid metadata type `integer` for `x` of `report_asset_check`/);
    pipes.close();
  });

  it('sends null metadata and data version when none are given', () => {
    const { pipes, messages } = openLiveContext(dir);
    pipes.reportAssetMaterialization();
    expect(messages()[1]?.params).toEqual({ asset_key: 'raw/kommuner', data_version: null, metadata: null });
    pipes.close();
  });

  it('reports asset checks with severity and metadata, and validates them', () => {
    const { pipes, messages } = openLiveContext(dir);
    pipes.reportAssetCheck('rows_positive', true);
    pipes.reportAssetCheck('no_unknown_kommuner', false, AssetCheckSeverity.Warn, { unknown: 3 });
    expect(() => pipes.reportAssetCheck('x', true, 'FATAL')).toThrow(/expected "ERROR" or "WARN"/);
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
    const { pipes, messages } = openLiveContext(dir);
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
    const { pipes, messages } = openLiveContext(dir);
    pipes.close();
    pipes.close();
    expect(pipes.isClosed).toBe(true);
    expect(() => pipes.logger.info('late')).toThrow(/Cannot send `log` after the Pipes context is closed/);
    expect(messages().map((m) => m.method)).toEqual(['opened', 'closed']);
    expect(messages()[1]?.params).toEqual({});
  });

  it('sends a PipesException as it is and wraps a string, like upstream', () => {
    const first = openLiveContext(dir);
    first.pipes.close({
      name: 'AnError',
      message: 'Very bad',
      stack: ['a', 'b'],
      cause: null,
      context: null,
    });
    expect(first.messages()[1]?.params).toEqual({
      exception: { name: 'AnError', message: 'Very bad', stack: ['a', 'b'], cause: null, context: null },
    });
    resetPipesContext();
    const second = openLiveContext(dir);
    second.pipes.close('plain failure');
    expect(second.messages().at(-1)?.params).toEqual({
      exception: { message: 'plain failure', stack: [], name: null, cause: null, context: null },
    });
  });

  it('sends an Error from untyped code as its text, so the orchestrator can still read it', () => {
    const { pipes, messages } = openLiveContext(dir);
    pipes.close(new RangeError('out of range') as never);
    expect(messages()[1]?.params).toEqual({
      exception: { message: 'RangeError: out of range', stack: [], name: null, cause: null, context: null },
    });
  });

  it('closes through Symbol.dispose (`using pipes = openDagsterPipes()`)', () => {
    const { pipes, messages } = openLiveContext(dir);
    pipes[Symbol.dispose]();
    expect(messages().at(-1)?.method).toBe('closed');
  });
});

describe('openDagsterPipes (not launched by Dagster)', () => {
  it('returns a no-op context and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const pipes = openDagsterPipes(new StaticParamsLoader(null));
    const again = openDagsterPipes(new StaticParamsLoader(null));
    expect(again).toBe(pipes);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^This process was not launched by a Dagster orchestration process/,
    );
    pipes.logger.info('dropped');
    pipes.log('dropped', 'NOT A LEVEL');
    pipes.reportAssetMaterialization({ rows: 1 });
    pipes.reportAssetCheck('c', true);
    pipes.reportCustomMessage({});
    pipes.close('ignored');
    pipes[Symbol.dispose]();
    expect(pipes.isClosed).toBe(false);
    expect(pipes.assetKey).toBe('');
    expect(pipes.assetKeys).toEqual([]);
    expect(pipes.extras).toEqual({});
    expect(pipes.getExtra('x')).toBeNull();
    expect(pipes.runID).toBe('');
    expect(pipes.partitionKeyRange).toEqual({ start: '', end: '' });
  });

  it('fails with a clear line when the orchestrator’s context is not a Pipes context', () => {
    const contextPath = join(dir, 'context.json');
    writeFileSync(contextPath, JSON.stringify({ extras: {} }));
    const loader = new StaticParamsLoader({ path: contextPath }, { path: join(dir, 'm.jsonl') });
    expect(() => openDagsterPipes(loader)).toThrow(/has no run_id: is it really a Dagster Pipes context\?/);
  });
});
