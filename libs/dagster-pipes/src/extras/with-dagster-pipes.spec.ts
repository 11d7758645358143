import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  readMessages,
  resetPipesContext,
  STEP_CONTEXT,
  StaticParamsLoader,
} from '../../tests/support/pipes-session.js';
import { openDagsterPipes, type PipesException } from '../index.js';
import { closeWhenProcessEnds } from './close-when-process-ends.js';
import { toPipesException } from './to-pipes-exception.js';
import { withDagsterPipes } from './with-dagster-pipes.js';

let dir: string;
let messagesPath: string;
let underDagster: StaticParamsLoader;

beforeEach(() => {
  resetPipesContext();
  dir = mkdtempSync(join(tmpdir(), 'pipes-extras-'));
  const contextPath = join(dir, 'context.json');
  messagesPath = join(dir, 'messages.jsonl');
  writeFileSync(contextPath, JSON.stringify(STEP_CONTEXT));
  underDagster = new StaticParamsLoader({ path: contextPath }, { path: messagesPath });
});

afterEach(() => {
  resetPipesContext();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('withDagsterPipes', () => {
  it('runs the work in a session and closes it', async () => {
    const result = await withDagsterPipes(
      (pipes) => {
        pipes.logger.info('working');
        return 42;
      },
      { paramsLoader: underDagster },
    );
    expect(result).toBe(42);
    expect(readMessages(messagesPath).map((m) => m.method)).toEqual(['opened', 'log', 'closed']);
    expect(readMessages(messagesPath).at(-1)?.params).toEqual({});
  });

  it('reports what the work throws in `closed`, with frames and causes, and rethrows it', async () => {
    const failure = new TypeError('payload truncated', { cause: new Error('socket hang up') });
    await expect(
      withDagsterPipes(() => Promise.reject(failure), { paramsLoader: underDagster }),
    ).rejects.toBe(failure);
    const closed = readMessages(messagesPath).at(-1);
    expect(closed?.method).toBe('closed');
    const exception = (closed?.params as { exception: PipesException }).exception;
    expect(exception).toMatchObject({ message: 'payload truncated', name: 'TypeError', context: null });
    expect(exception.stack[0]).toMatch(/^at .*with-dagster-pipes\.spec\.ts/);
    expect(exception.cause).toMatchObject({ message: 'socket hang up', name: 'Error', cause: null });
  });

  it('outside Dagster: warns like openDagsterPipes, or stays quiet when asked', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(
      withDagsterPipes(() => 'quiet', {
        paramsLoader: new StaticParamsLoader(null),
        quietOutsideDagster: true,
      }),
    ).resolves.toBe('quiet');
    expect(warn).not.toHaveBeenCalled();
    await withDagsterPipes(() => 'loud', { paramsLoader: new StaticParamsLoader(null) });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('removes its process hooks when the work settles', async () => {
    const before = process.listenerCount('exit');
    await withDagsterPipes(() => expect(process.listenerCount('exit')).toBe(before + 1), {
      paramsLoader: underDagster,
    });
    expect(process.listenerCount('exit')).toBe(before);
  });
});

describe('closeWhenProcessEnds', () => {
  it('closes with the uncaught exception, until unhooked', () => {
    const monitors = process.listenerCount('uncaughtExceptionMonitor');
    const pipes = openDagsterPipes(underDagster);
    const unhook = closeWhenProcessEnds(pipes);
    const monitor = process.listeners('uncaughtExceptionMonitor').at(-1);
    monitor?.(new RangeError('kommunenummer 9999'), 'uncaughtException');
    unhook();
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(monitors);
    const closed = readMessages(messagesPath).at(-1);
    expect(closed?.params).toMatchObject({
      exception: { message: 'kommunenummer 9999', name: 'RangeError' },
    });
  });

  it('sends `closed` at exit when the program forgot close()', () => {
    const pipes = openDagsterPipes(underDagster);
    const unhook = closeWhenProcessEnds(pipes);
    process.listeners('exit').at(-1)?.(0);
    unhook();
    expect(pipes.isClosed).toBe(true);
    expect(readMessages(messagesPath).at(-1)).toMatchObject({ method: 'closed', params: {} });
  });
});

describe('toPipesException', () => {
  it('keeps message, name, frames and the cause chain; other values become their JSON', () => {
    const error = new Error('outer', { cause: new Error('inner', { cause: 'root' }) });
    const exception = toPipesException(error);
    expect(exception.stack.every((frame) => frame.startsWith('at ') && frame.endsWith('\n'))).toBe(true);
    expect(exception.cause?.message).toBe('inner');
    expect(exception.cause?.cause).toEqual({
      message: 'root',
      stack: [],
      name: null,
      cause: null,
      context: null,
    });
    expect(toPipesException({ code: 7 }).message).toBe('{"code":7}');
    expect(toPipesException(undefined).message).toBe('undefined');
  });
});
