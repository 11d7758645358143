import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, tryGit } from './git.js';

describe('git', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-git-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns trimmed output', async () => {
    await git(['init', '-q', '--bare', join(dir, 'r.git')]);
    expect(await git(['--git-dir', join(dir, 'r.git'), 'rev-parse', '--is-bare-repository'])).toBe('true');
  });

  it("turns a failure into one line with git's last words", async () => {
    await expect(git(['--git-dir', join(dir, 'r.git'), 'rev-parse', '--verify', 'nope'])).rejects.toThrow(
      /^git rev-parse failed: fatal: Needed a single revision$/,
    );
    expect((await tryGit(['--git-dir', join(dir, 'r.git'), 'rev-parse', '--verify', 'nope'])).ok).toBe(false);
  });
});
