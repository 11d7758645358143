import { describe, expect, it } from 'vitest';
import { normalizeOptions } from './normalize-options.js';

describe('pages-deploy normalizeOptions', () => {
  it('fills the defaults', () => {
    expect(normalizeOptions({ buildDir: '{projectRoot}/build' }, '/repo', 'apps/web')).toEqual({
      buildDir: '/repo/apps/web/build',
      remote: 'origin',
      branch: 'gh-pages',
      cname: undefined,
      defaultBranch: 'main',
      dryRun: undefined,
      rollback: false,
      smokePaths: ['/'],
    });
  });

  it('refuses a missing buildDir, a bad branch and a cname that is not a host, one line each', () => {
    expect(() => normalizeOptions({ buildDir: '' }, '/repo', 'apps/web')).toThrow(
      'Option buildDir is required',
    );
    expect(() => normalizeOptions({ buildDir: 'b', branch: 'gh..pages' }, '/repo', 'apps/web')).toThrow(
      'Option branch ("gh..pages") is not a valid branch name.',
    );
    expect(() =>
      normalizeOptions({ buildDir: 'b', cname: 'https://atlas.example.no/' }, '/repo', 'apps/web'),
    ).toThrow(
      'Option cname ("https://atlas.example.no/") is not a domain name: give the bare host, like atlas.example.no.',
    );
    expect(() => normalizeOptions({ buildDir: 'b', smokePaths: [] }, '/repo', 'apps/web')).toThrow(
      'Option smokePaths must be a non-empty list of site paths',
    );
    expect(() => normalizeOptions({ buildDir: 'b', smokePaths: ['/', 'api'] }, '/repo', 'apps/web')).toThrow(
      'Option smokePaths: "api" is not a site path starting with "/", like "/api" or "/lineage/".',
    );
    expect(
      normalizeOptions({ buildDir: 'b', smokePaths: ['/', '/api', '/'] }, '/repo', 'apps/web').smokePaths,
    ).toEqual(['/', '/api']);
    expect(normalizeOptions({ buildDir: 'b', cname: ' atlas.example.no ' }, '/repo', 'apps/web').cname).toBe(
      'atlas.example.no',
    );
  });
});
