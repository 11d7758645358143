import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planRedirects, redirectPageHtml } from './redirect-pages.js';

describe('planRedirects', () => {
  let outDir: string;
  const write = (file: string) => {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    writeFileSync(join(outDir, file), '<html></html>');
  };

  beforeEach(() => {
    outDir = mkdtempSync(join(tmpdir(), 'redirect-pages-'));
    // A build with trailingSlash: false: /docs is docs.html, beside the docs/ folder of its pages.
    for (const file of ['index.html', 'api.html', 'docs.html', 'docs/a.html', 'docs/a/b.html', 'docs/c.html'])
      write(file);
    write('lineage/index.html');
  });

  afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  const routes = ['/', '/api', '/docs', '/docs/a', '/docs/a/b', '/docs/c', '/404.html'];

  it('redirects the folder of every route that is also a folder (/docs/ to /docs), nothing else', () => {
    expect(planRedirects(outDir, routes, '/', {})).toEqual([
      { file: join('docs', 'index.html'), to: '/docs' },
      { file: join('docs', 'a', 'index.html'), to: '/docs/a' },
    ]);
  });

  it('leaves a folder that has its own index.html alone', () => {
    write('docs/index.html');
    expect(planRedirects(outDir, routes, '/', {})).toEqual([
      { file: join('docs', 'a', 'index.html'), to: '/docs/a' },
    ]);
  });

  it("writes a moved page's old file, and works under a base URL", () => {
    const base = ['/atlas/', '/atlas/docs', '/atlas/docs/a', '/atlas/docs/c'];
    expect(planRedirects(outDir, base, '/atlas/', { '/atlas/docs/old': '/atlas/docs/c' })).toEqual([
      { file: join('docs', 'index.html'), to: '/atlas/docs' },
      { file: join('docs', 'a', 'index.html'), to: '/atlas/docs/a' },
      { file: 'docs/old.html', to: '/atlas/docs/c' },
    ]);
  });

  it.each([
    [
      { '/docs/old': '/docs/gone' },
      'The moved page /docs/old points to /docs/gone, which is no page of the site: fix the moved list.',
    ],
    [
      { '/docs/c': '/docs/a' },
      'The moved page /docs/c is a page of the site again: remove it from the moved list.',
    ],
  ])('refuses the moved list %j with one line', (moved, message) => {
    expect(() => planRedirects(outDir, routes, '/', moved)).toThrow(message);
  });
});

describe('redirectPageHtml', () => {
  it('sends the browser on with its query and anchor, and names the new place as canonical', () => {
    const html = redirectPageHtml('/docs/a', 'https://example.org');
    expect(html).toContain(
      '<script>window.location.replace("/docs/a" + window.location.search + window.location.hash);</script>',
    );
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=/docs/a">');
    expect(html).toContain('<link rel="canonical" href="https://example.org/docs/a">');
  });
});
