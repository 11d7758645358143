import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCS_SECTIONS, footerColumns, navbarItems, sectionLink, SITE_SECTIONS } from './site-sections.js';

const docsDir = fileURLToPath(new URL('../docs', import.meta.url));

/** The pages under docs/ as doc ids (`architecture/data-flow`), partials (`_x.md`) left out. */
function docIds(): string[] {
  return readdirSync(docsDir, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => /\.mdx?$/.test(path) && !path.split('/').some((part) => part.startsWith('_')))
    .map((path) => path.replace(/\.mdx?$/, ''))
    .sort();
}

describe('the site sections', () => {
  it('hold every page under docs/ exactly once: the landing page, then each index and its pages', () => {
    const listed = [
      'index',
      ...DOCS_SECTIONS.flatMap((s) => [`${s.folder}/index`, ...s.pages.map((p) => `${s.folder}/${p}`)]),
    ];
    expect(listed.sort()).toEqual(docIds());
  });

  it('make the navbar: the docs, then the API and the lineage, which stays in the tab', () => {
    expect(navbarItems()).toEqual([
      { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
      { to: '/api', label: 'API', position: 'left' },
      { href: 'pathname:///lineage/', target: '_self', label: 'Lineage', position: 'left' },
    ]);
  });

  it('make the footer: a column of the docs categories and one of the reference sections', () => {
    const [docs, data] = footerColumns();
    expect(docs?.items.map((item) => item.to)).toEqual(DOCS_SECTIONS.map(sectionLink));
    expect(data?.items).toEqual([
      { label: 'API reference', to: '/api' },
      { label: 'dbt lineage', href: 'pathname:///lineage/', target: '_self' },
    ]);
  });

  it('have one label and one link each', () => {
    expect(new Set(SITE_SECTIONS.map((s) => s.label)).size).toBe(SITE_SECTIONS.length);
    expect(new Set(SITE_SECTIONS.map(sectionLink)).size).toBe(SITE_SECTIONS.length);
  });
});
