import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git } from './git.js';
import { authEnv, displayUrl, resolveRemote } from './remote.js';

describe('displayUrl', () => {
  it('drops user info', () => {
    expect(displayUrl('https://x-access-token:secret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(displayUrl('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
  });
});

describe('authEnv', () => {
  it('passes a token as an extra header through the environment, only for https', () => {
    const env = authEnv('https://github.com/o/r.git', { GITHUB_TOKEN: 'abc' });
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from('x-access-token:abc').toString('base64')}`,
    });
    expect(authEnv('https://github.com/o/r.git', {})).toEqual({});
    expect(authEnv('/srv/site.git', { GITHUB_TOKEN: 'abc' })).toEqual({});
  });
});

describe('resolveRemote', () => {
  const repo = mkdtempSync(join(tmpdir(), 'atlas-remote-spec-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('resolves a configured remote name, URLs and paths; a missing name is undefined', async () => {
    await git(['init', '-q', repo]);
    await git(['remote', 'add', 'origin', 'https://github.com/o/site.git'], { cwd: repo });
    expect(await resolveRemote('origin', repo)).toEqual({
      url: 'https://github.com/o/site.git',
      shown: 'origin (https://github.com/o/site.git)',
    });
    expect(await resolveRemote('upstream', repo)).toBeUndefined();
    expect(await resolveRemote('ssh://git@host/x.git', repo)).toEqual({
      url: 'ssh://git@host/x.git',
      shown: 'ssh://host/x.git',
    });
    expect(await resolveRemote('../pages.git', repo)).toEqual({
      url: join(repo, '../pages.git'),
      shown: '../pages.git',
    });
  });
});
