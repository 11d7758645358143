import { describe, expect, it } from 'vitest';
import { lastWords } from './host-tools.js';

describe('lastWords', () => {
  it('prefers the Python exception over buildah run closing words', () => {
    const output = [
      'Traceback (most recent call last):',
      '  File "x.py", line 1',
      "PermissionError: [Errno 13] Permission denied: '/app/.tmp'",
      'subprocess exited with status 1',
      'Error: exit status 1',
    ].join('\n');
    expect(lastWords(output)).toBe("PermissionError: [Errno 13] Permission denied: '/app/.tmp'");
  });

  it('splits the closing words buildah run glues to the reason a program could not start', () => {
    const output =
      'process failed to start with error: exec: "python": executable file not found in $PATHprocess exited with error: exec: not startedsubprocess exited with status 1\n';
    expect(lastWords(output)).toBe(
      'process failed to start with error: exec: "python": executable file not found in $PATH',
    );
  });

  it('strips colour codes and falls back to the last line', () => {
    expect(lastWords('\u001b[32mall good\u001b[0m\n')).toBe('all good');
    expect(lastWords('step one\nError: building at STEP "COPY x /": no such file\ndone')).toBe(
      'Error: building at STEP "COPY x /": no such file',
    );
    expect(lastWords('')).toBe('no output');
  });
});
