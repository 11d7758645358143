import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PipesDefaultContextLoader } from './context-loader.js';
import { encodeParam } from './extras/encode-param.js';
import { PipesDefaultMessageWriter } from './message-writer.js';
import { PipesEnvParamsLoader } from './params-loader.js';
import { Method, type PipesMessage } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const libRoot = join(here, '..');
const tsx = join(libRoot, '..', '..', 'node_modules', '.bin', 'tsx');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipes-io-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

const context = { run_id: 'r', asset_keys: ['raw/x'], extras: { a: 1 } };
const message = (method: Method, params: Record<string, unknown>): PipesMessage => ({
  __dagster_pipes_version: '0.1',
  method,
  params,
});

describe('PipesEnvParamsLoader', () => {
  it('decodes DAGSTER_PIPES_CONTEXT and DAGSTER_PIPES_MESSAGES from the environment', () => {
    vi.stubEnv('DAGSTER_PIPES_CONTEXT', encodeParam({ data: context }));
    vi.stubEnv('DAGSTER_PIPES_MESSAGES', encodeParam({ path: 'x' }));
    const params = new PipesEnvParamsLoader();
    expect(params.isDagsterPipesProcess()).toBe(true);
    expect(params.loadContextParams()).toEqual({ data: context });
    expect(params.loadMessagesParams()).toEqual({ path: 'x' });
  });

  it('is not a Pipes process without DAGSTER_PIPES_CONTEXT, and names what is missing or wrong', () => {
    vi.stubEnv('DAGSTER_PIPES_CONTEXT', undefined);
    vi.stubEnv('DAGSTER_PIPES_MESSAGES', undefined);
    expect(new PipesEnvParamsLoader().isDagsterPipesProcess()).toBe(false);
    expect(() => new PipesEnvParamsLoader().loadMessagesParams()).toThrow(
      /^DAGSTER_PIPES_MESSAGES is not set/,
    );
    vi.stubEnv('DAGSTER_PIPES_CONTEXT', encodeParam([1]));
    expect(() => new PipesEnvParamsLoader().loadContextParams()).toThrow(
      /^DAGSTER_PIPES_CONTEXT must decode to a JSON object/,
    );
    vi.stubEnv('DAGSTER_PIPES_CONTEXT', 'not-zlib');
    expect(() => new PipesEnvParamsLoader().loadContextParams()).toThrow(
      /^DAGSTER_PIPES_CONTEXT is not base64\(zlib\(JSON\)\)/,
    );
  });
});

describe('PipesDefaultContextLoader', () => {
  it('loads the context from a file ({"path"}, the temp-file injector)', () => {
    const path = join(dir, 'ctx.json');
    writeFileSync(path, JSON.stringify(context));
    expect(new PipesDefaultContextLoader().loadContext({ path })).toEqual(context);
  });

  it('loads the context inlined in the parameter ({"data"}, the env injector)', () => {
    expect(new PipesDefaultContextLoader().loadContext({ data: context }).extras).toEqual({ a: 1 });
  });

  it('fails with one clear line on missing files, bad JSON, foreign values and unknown params', () => {
    const loader = new PipesDefaultContextLoader();
    expect(() => loader.loadContext({ path: join(dir, 'missing.json') })).toThrow(
      /^Cannot read the Pipes context file .*missing\.json/,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"run_id": ');
    expect(() => loader.loadContext({ path: bad })).toThrow(/is not JSON/);
    expect(() => loader.loadContext({ path: 3 })).toThrow(/"path" must be a string/);
    expect(() => loader.loadContext({ data: [1] })).toThrow(/is not a JSON object/);
    expect(() => loader.loadContext({ s3: 'x' })).toThrow(/expected the key "path" or "data"/);
  });
});

describe('PipesDefaultMessageWriter', () => {
  const opened = message(Method.Opened, { extras: {} });
  const log = message(Method.Log, { message: 'm', level: 'INFO' });

  it('file: appends one JSON line per message, synchronously', () => {
    const path = join(dir, 'messages.jsonl');
    writeFileSync(path, '');
    const writer = new PipesDefaultMessageWriter();
    writer.open({ path, include_stdio_in_messages: false });
    writer.writeMessage(opened);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(opened)}\n`);
    writer.writeMessage(log);
    expect(readFileSync(path, 'utf8').split('\n')).toEqual([JSON.stringify(opened), JSON.stringify(log), '']);
    writer.close();
    expect(() => writer.writeMessage(log)).toThrow(/closed: no message can follow close\(\)/);
  });

  it('refuses to write before open and rejects params it cannot serve, with one clear line', () => {
    expect(() => new PipesDefaultMessageWriter().writeMessage(opened)).toThrow(/not open/);
    const writer = new PipesDefaultMessageWriter();
    expect(() => writer.open({ stdio: 'stdlog' })).toThrow(/expected "stdout" or "stderr", got "stdlog"/);
    expect(() => writer.open({ bucket: 'b' })).toThrow(
      /expected the key "path", "stdio" or "buffered_stdio"/,
    );
    expect(() => writer.open({ path: 3 })).toThrow(/"path" must be a string/);
    expect(() => writer.open({ path: 'x', include_stdio_in_messages: true })).toThrow(
      /include_stdio_in_messages is not supported/,
    );
    expect(new PipesDefaultMessageWriter().openedExtras()).toEqual({});
  });

  for (const key of ['stdio', 'buffered_stdio'] as const) {
    for (const stream of ['stdout', 'stderr'] as const) {
      it(`${key}: a real process writes its messages to ${stream}`, () => {
        const ctx = join(dir, 'ctx.json');
        writeFileSync(ctx, JSON.stringify(context));
        const result = spawnSync(tsx, [join(libRoot, 'tests', 'scripts', 'stdio-writer.ts')], {
          env: {
            ...process.env,
            DAGSTER_PIPES_CONTEXT: encodeParam({ path: ctx }),
            DAGSTER_PIPES_MESSAGES: encodeParam({ [key]: stream }),
          },
          encoding: 'utf8',
        });
        expect(result.status, result.stderr).toBe(0);
        const output = stream === 'stdout' ? result.stdout : result.stderr;
        const lines = output.split('\n').filter((l) => l.startsWith('{'));
        expect(lines.map((l) => (JSON.parse(l) as PipesMessage).method)).toEqual([
          'opened',
          'log',
          'report_asset_materialization',
          'report_custom_message',
          'closed',
        ]);
        // Buffered: nothing reaches the stream before close, so the program's own line comes first.
        const ownLine = output.indexOf('program output');
        if (stream === 'stdout') {
          const firstMessage = output.indexOf('{');
          expect(ownLine < firstMessage).toBe(key === 'buffered_stdio');
        }
      });
    }
  }
});
