import { describe, expect, it } from 'vitest';
import { pagesCandidates, smokePathProblem } from './site-paths.js';

describe('pages-deploy site paths', () => {
  it('resolves a site path to the files GitHub Pages serves for it', () => {
    expect(pagesCandidates('/')).toEqual(['index.html']);
    expect(pagesCandidates('/lineage/')).toEqual(['lineage/index.html']);
    expect(pagesCandidates('/api')).toEqual(['api', 'api.html', 'api/index.html']);
    expect(pagesCandidates('/docs/guide')).toEqual([
      'docs/guide',
      'docs/guide.html',
      'docs/guide/index.html',
    ]);
  });

  it('refuses what is not a plain site path', () => {
    expect(smokePathProblem('/api')).toBeUndefined();
    expect(smokePathProblem('/lineage/')).toBeUndefined();
    expect(smokePathProblem('api')).toBe('is not a site path starting with "/"');
    expect(smokePathProblem(3)).toBe('is not a site path starting with "/"');
    for (const bad of ['/a/../b', '/a?x=1', '/#top', '//host', '/./a', '/a\\b'])
      expect(smokePathProblem(bad)).toMatch(/^must be a plain site path/);
  });
});
