import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copySiteAssets, defaultSiteAssetPaths, SiteAssetError, type SiteAssetPaths } from './site-assets.js';

describe('copySiteAssets', () => {
  let root: string;
  let paths: SiteAssetPaths;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'site-assets-'));
    // The site's own list of what it copies, as the committed one says it.
    mkdirSync(join(root, 'apps', 'website'), { recursive: true });
    cpSync(
      join(import.meta.dirname, '..', 'site-assets.json'),
      join(root, 'apps', 'website', 'site-assets.json'),
    );
    paths = defaultSiteAssetPaths(join(root, 'apps', 'website'));
    mkdirSync(join(root, 'libs', 'dbt-project', 'api'), { recursive: true });
    writeFileSync(paths.openapiSource, '{"openapi":"3.0.3"}\n');
    mkdirSync(join(paths.lineageSource, 'assets'), { recursive: true });
    writeFileSync(
      join(paths.lineageSource, 'index.html'),
      `<html><link rel="shortcut icon" href="\${require('./assets/favicons/favicon.ico')}"/>dim_kommune</html>`,
    );
    writeFileSync(join(paths.lineageSource, 'assets', 'x.css'), 'body{}');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies the snapshot and the whole dbt docs folder into static/', () => {
    expect(copySiteAssets(paths).lineageFixes).toBe(1);
    expect(readFileSync(join(paths.staticDir, 'openapi.json'), 'utf8')).toBe('{"openapi":"3.0.3"}\n');
    expect(readFileSync(join(paths.staticDir, 'lineage', 'index.html'), 'utf8')).toBe(
      '<html><link rel="shortcut icon" href="/img/favicon.svg"/>dim_kommune</html>',
    );
    // The source folder is not touched.
    expect(readFileSync(join(paths.lineageSource, 'index.html'), 'utf8')).toContain('require(');
    expect(readFileSync(join(paths.staticDir, 'lineage', 'assets', 'x.css'), 'utf8')).toBe('body{}');
    expect(readdirSync(paths.staticDir).sort()).toEqual(['lineage', 'openapi.json']);
  });

  it('replaces an older copy, leaving no stale files behind', () => {
    mkdirSync(join(paths.staticDir, 'lineage'), { recursive: true });
    writeFileSync(join(paths.staticDir, 'lineage', 'stale.html'), 'old');
    copySiteAssets(paths);
    expect(existsSync(join(paths.staticDir, 'lineage', 'stale.html'))).toBe(false);
    expect(existsSync(join(paths.staticDir, 'lineage', 'index.html'))).toBe(true);
  });

  it('refuses with one line naming the dbt-docs target when the dbt docs were not generated', () => {
    rmSync(join(paths.lineageSource, 'index.html'));
    mkdirSync(join(paths.staticDir, 'lineage'), { recursive: true });
    writeFileSync(join(paths.staticDir, 'lineage', 'index.html'), 'previous');
    expect(() => copySiteAssets(paths)).toThrow(SiteAssetError);
    expect(() => copySiteAssets(paths)).toThrow(
      'libs/dbt-project/target/lineage/index.html is missing: run `npx nx run dbt-project:dbt-docs` first to generate the dbt docs for /lineage/.',
    );
    // Nothing was lost: the previous copy is still there.
    expect(readFileSync(join(paths.staticDir, 'lineage', 'index.html'), 'utf8')).toBe('previous');
  });

  it('refuses when the API snapshot is missing', () => {
    rmSync(paths.openapiSource);
    expect(() => copySiteAssets(paths)).toThrow(
      'libs/dbt-project/api/openapi.json is missing: it is the committed API contract; restore it from git.',
    );
    expect(existsSync(paths.staticDir)).toBe(false);
  });
});
