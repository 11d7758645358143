import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeFailure, ExecutorFailure, failExecutor } from './executor-failure.js';

describe('describeFailure', () => {
  it('gives the message alone for an expected failure', () => {
    expect(
      describeFailure(new ExecutorFailure('The build folder dist/x is missing: run the build first.')),
    ).toBe('The build folder dist/x is missing: run the build first.');
  });

  it('keeps the stack of an unexpected error, which is a bug to report', () => {
    const text = describeFailure(new TypeError('x is undefined'));
    expect(text.split('\n')[0]).toBe('x is undefined');
    expect(text).toContain('executor-failure.spec.ts');
  });

  it('prints non-errors as they are', () => {
    expect(describeFailure('plain')).toBe('plain');
  });
});

describe('failExecutor', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one labelled line to stderr and returns an unsuccessful result', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(failExecutor('pages-deploy', new ExecutorFailure('no index.html'))).toEqual({ success: false });
    expect(written).toEqual(['pages-deploy: no index.html\n']);
  });
});
