import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipesDefaultContextLoader } from './context-loader.js';
import { encodeParam } from './encoding.js';
import {
  PipesBufferedStreamMessageWriterChannel,
  PipesDefaultMessageWriter,
  PipesFileMessageWriterChannel,
  PipesStreamMessageWriterChannel,
} from './message-writer.js';
import { PipesEnvParamsLoader, PipesMappingParamsLoader } from './params-loader.js';
import { makeMessage, type PipesMessage } from './protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
const libRoot = join(here, '..');
const tsx = join(libRoot, '..', '..', 'node_modules', '.bin', 'tsx');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipes-io-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const context = { run_id: 'r', asset_keys: ['raw/x'], extras: { a: 1 } };

describe('PipesDefaultContextLoader', () => {
  it('loads the context from a file ({"path"})', () => {
    const path = join(dir, 'ctx.json');
    writeFileSync(path, JSON.stringify(context));
    const data = new PipesDefaultContextLoader().loadContext({ path });
    expect(data.run_id).toBe('r');
    expect(data.asset_keys).toEqual(['raw/x']);
    expect(data.partition_key).toBeNull();
    expect(data.retry_number).toBe(0);
  });

  it('loads the context inlined in the parameter ({"data"}, the env injector)', () => {
    const env = {
      DAGSTER_PIPES_CONTEXT: encodeParam({ data: context }),
      DAGSTER_PIPES_MESSAGES: encodeParam({ path: 'x' }),
    };
    const params = new PipesEnvParamsLoader(env);
    expect(params.isDagsterPipesProcess()).toBe(true);
    expect(new PipesDefaultContextLoader().loadContext(params.loadContextParams()).extras).toEqual({ a: 1 });
    expect(params.loadMessagesParams()).toEqual({ path: 'x' });
  });

  it('fails with one clear line on missing files, bad JSON, foreign objects and unknown params', () => {
    const loader = new PipesDefaultContextLoader();
    expect(() => loader.loadContext({ path: join(dir, 'missing.json') })).toThrow(
      /^Cannot read the Pipes context file .*missing\.json/,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"run_id": ');
    expect(() => loader.loadContext({ path: bad })).toThrow(/is not JSON/);
    expect(() => loader.loadContext({ data: { extras: {} } })).toThrow(/has no run_id/);
    expect(() => loader.loadContext({ s3: 'x' })).toThrow(/expected the key "path" or "data"/);
    expect(() =>
      new PipesMappingParamsLoader({ DAGSTER_PIPES_CONTEXT: encodeParam([1]) }).loadContextParams(),
    ).toThrow(/must decode to a JSON object/);
  });
});

describe('message writers', () => {
  const opened = makeMessage('opened', { extras: {} });
  const log = makeMessage('log', { message: 'm', level: 'INFO' });

  it('file: appends one JSON line per message, synchronously', () => {
    const path = join(dir, 'messages.jsonl');
    writeFileSync(path, '');
    const channel = new PipesDefaultMessageWriter().open({ path, include_stdio_in_messages: false });
    expect(channel).toBeInstanceOf(PipesFileMessageWriterChannel);
    channel.writeMessage(opened);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(opened)}\n`);
    channel.writeMessage(log);
    expect(readFileSync(path, 'utf8').split('\n')).toEqual([JSON.stringify(opened), JSON.stringify(log), '']);
  });

  it('stdio / buffered_stdio: pick the stream; the buffered one writes on close', () => {
    const writer = new PipesDefaultMessageWriter();
    expect(writer.open({ stdio: 'stderr' })).toBeInstanceOf(PipesStreamMessageWriterChannel);
    expect(writer.open({ buffered_stdio: 'stdout' })).toBeInstanceOf(PipesBufferedStreamMessageWriterChannel);
    const chunks: string[] = [];
    const stream = { write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WritableStream;
    const buffered = new PipesBufferedStreamMessageWriterChannel(stream);
    buffered.writeMessage(opened);
    expect(chunks).toEqual([]);
    buffered.close();
    expect(chunks).toEqual([`${JSON.stringify(opened)}\n`]);
  });

  it('rejects unknown params with one clear line', () => {
    const writer = new PipesDefaultMessageWriter();
    expect(() => writer.open({ stdio: 'stdlog' })).toThrow(/expected "stdout" or "stderr", got "stdlog"/);
    expect(() => writer.open({ bucket: 'b' })).toThrow(
      /expected the key "path", "stdio" or "buffered_stdio"/,
    );
    expect(() => writer.open({ path: 3 })).toThrow(/"path" must be a string/);
  });

  for (const stream of ['stdout', 'stderr'] as const) {
    it(`stdio: a real process writes its messages to ${stream}`, () => {
      const ctx = join(dir, 'ctx.json');
      writeFileSync(ctx, JSON.stringify(context));
      const result = spawnSync(tsx, [join(libRoot, 'tests', 'scripts', 'stdio-writer.ts')], {
        env: {
          ...process.env,
          DAGSTER_PIPES_CONTEXT: encodeParam({ path: ctx }),
          DAGSTER_PIPES_MESSAGES: encodeParam({ stdio: stream }),
        },
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      const lines = (stream === 'stdout' ? result.stdout : result.stderr)
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const methods = lines.map((l) => (JSON.parse(l) as PipesMessage).method);
      expect(methods).toEqual([
        'opened',
        'log',
        'report_asset_materialization',
        'report_custom_message',
        'closed',
      ]);
    });
  }
});
