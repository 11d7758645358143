import { describe, expect, it } from 'vitest';
import { currentBranch, decideMode, hasCredentials } from './deploy-mode.js';

describe('hasCredentials', () => {
  it('needs a token for https, an agent for ssh, nothing for a local remote', () => {
    expect(hasCredentials('https://github.com/o/r.git', {})).toBe(false);
    expect(hasCredentials('https://github.com/o/r.git', { GITHUB_TOKEN: 't' })).toBe(true);
    expect(hasCredentials('https://x-access-token:t@github.com/o/r.git', {})).toBe(true);
    expect(hasCredentials('git@github.com:o/r.git', {})).toBe(false);
    expect(hasCredentials('git@github.com:o/r.git', { SSH_AUTH_SOCK: '/tmp/agent' })).toBe(true);
    expect(hasCredentials('/srv/git/site.git', {})).toBe(true);
    expect(hasCredentials('file:///srv/git/site.git', {})).toBe(true);
  });
});

describe('currentBranch', () => {
  it('prefers GITHUB_REF, then the checkout', () => {
    expect(currentBranch({ GITHUB_REF: 'refs/heads/main' }, 'feature')).toBe('main');
    expect(currentBranch({ GITHUB_REF: 'refs/pull/7/merge' }, 'main')).toBe('refs/pull/7/merge');
    expect(currentBranch({}, 'feature')).toBe('feature');
    expect(currentBranch({}, '')).toBeUndefined();
  });
});

describe('decideMode', () => {
  const base = { branch: 'main', defaultBranch: 'main', credentials: true };
  it('publishes from the default branch with credentials', () => {
    expect(decideMode(base)).toEqual({ dryRun: false, reason: 'on main with credentials' });
  });
  it('is a dry run off the default branch or without credentials', () => {
    expect(decideMode({ ...base, branch: 'feature' })).toMatchObject({
      dryRun: true,
      reason: expect.stringContaining('on feature, not main'),
    });
    expect(decideMode({ ...base, branch: undefined }).dryRun).toBe(true);
    expect(decideMode({ ...base, credentials: false })).toMatchObject({
      dryRun: true,
      reason: expect.stringContaining('no credentials'),
    });
  });
  it('obeys an explicit dryRun either way', () => {
    expect(decideMode({ ...base, dryRun: true }).dryRun).toBe(true);
    expect(decideMode({ ...base, branch: 'feature', credentials: false, dryRun: false }).dryRun).toBe(false);
  });
});
