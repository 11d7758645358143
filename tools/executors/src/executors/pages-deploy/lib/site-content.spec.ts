import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBuildDir, contentDigest, listSiteFiles } from './site-content.js';

describe('site content', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-site-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists files in path order with their hashes, skipping .git', () => {
    mkdirSync(join(dir, 'b'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'b/x.js'), 'x');
    writeFileSync(join(dir, 'a.html'), 'a');
    writeFileSync(join(dir, '.git/HEAD'), 'ref');
    const files = listSiteFiles(dir);
    expect(files.map((f) => f.path)).toEqual(['a.html', 'b/x.js']);
    expect(files[0]?.sha256).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
  });

  it('digests content and paths: a rename or an edit changes it, nothing else does', () => {
    const one = contentDigest([{ path: 'a', sha256: '1' }]);
    expect(contentDigest([{ path: 'a', sha256: '1' }])).toBe(one);
    expect(contentDigest([{ path: 'b', sha256: '1' }])).not.toBe(one);
    expect(contentDigest([{ path: 'a', sha256: '2' }])).not.toBe(one);
  });

  it('refuses a missing folder, an empty one and a site without index.html, one line each', () => {
    const hint = 'build the site first (npx nx run web:build)';
    expect(() => checkBuildDir(join(dir, 'nope'), 'apps/web/build', hint)).toThrow(
      'The build folder apps/web/build does not exist: build the site first (npx nx run web:build).',
    );
    expect(() => checkBuildDir(dir, 'apps/web/build', hint)).toThrow(
      'The build folder apps/web/build is empty: build the site first',
    );
    writeFileSync(join(dir, 'about.html'), '');
    expect(() => checkBuildDir(dir, 'apps/web/build', hint)).toThrow(
      'The build folder apps/web/build has no index.html, so it is not a built site',
    );
    writeFileSync(join(dir, 'index.html'), '');
    expect(() => checkBuildDir(dir, 'apps/web/build', hint)).not.toThrow();
  });
});
