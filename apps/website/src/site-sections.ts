import type * as Preset from '@docusaurus/preset-classic';

/**
 * The sections of the site, in order. The navbar and the footer (docusaurus.config.ts), the docs
 * sidebar (sidebars.ts), the home page and the docs landing page are all made from this one list, so a
 * section is added, renamed or reordered here and nowhere else.
 */

/** A category of the docs: a folder under docs/ whose `index` page is the category's landing page. */
export interface DocsSection {
  readonly kind: 'docs';
  /** The folder under docs/, also the category's path under /docs/. */
  readonly folder: string;
  readonly label: string;
  readonly description: string;
  /** The category's other pages in sidebar order: file names in the folder, without extension. */
  readonly pages: readonly string[];
}

/** A part of the site that is not narrative docs: a page of the site, or a static folder. */
export interface ReferenceSection {
  readonly kind: 'reference';
  readonly label: string;
  /** The shorter label of the navbar. */
  readonly navbarLabel: string;
  readonly description: string;
  /** A route of the site (`/api`), or `pathname:///...` for a static folder that is no route. */
  readonly to: string;
}

export type SiteSection = DocsSection | ReferenceSection;

export const DOCS_ROOT = '/docs';

export const SITE_SECTIONS: readonly SiteSection[] = [
  {
    kind: 'docs',
    folder: 'getting-started',
    label: 'Getting started',
    description: 'Install, build everything, run the tests and this site on your machine.',
    pages: ['conventions'],
  },
  {
    kind: 'docs',
    folder: 'architecture',
    label: 'Architecture and data flow',
    description:
      'The projects and their graph, the way from the source APIs to the api_v1 views, and the public API.',
    pages: ['data-flow', 'public-api'],
  },
  {
    kind: 'docs',
    folder: 'pipeline',
    label: 'The pipeline and deploy',
    description:
      'What CI runs and gates, the remote cache, and how the site and the image are deployed and rolled back.',
    pages: ['remote-cache', 'deploy-and-rollback'],
  },
  {
    kind: 'docs',
    folder: 'runbooks',
    label: 'Runbooks',
    description: 'What to do when a build, a test, a deploy or the cache fails.',
    pages: ['runbooks'],
  },
  {
    kind: 'reference',
    label: 'API reference',
    navbarLabel: 'API',
    description: 'The public API under /v1/: every endpoint, its filters and its rows.',
    to: '/api',
  },
  {
    kind: 'reference',
    label: 'dbt lineage',
    navbarLabel: 'Lineage',
    description: 'The dbt models, their columns, tests and lineage graph.',
    to: 'pathname:///lineage/',
  },
];

export const DOCS_SECTIONS = SITE_SECTIONS.filter((s): s is DocsSection => s.kind === 'docs');
export const REFERENCE_SECTIONS = SITE_SECTIONS.filter((s): s is ReferenceSection => s.kind === 'reference');

/** Where a section's link goes: a docs category's index page, or the reference section's target. */
export function sectionLink(section: SiteSection): string {
  return section.kind === 'docs' ? `${DOCS_ROOT}/${section.folder}` : section.to;
}

/**
 * A `pathname:///` link leaves the single-page app for a static folder; it must open in the same tab
 * (Docusaurus would give it target="_blank").
 */
export function isStaticFolderLink(to: string): boolean {
  return to.startsWith('pathname://');
}

type NavbarItem = NonNullable<NonNullable<Preset.ThemeConfig['navbar']>['items']>[number];
type FooterColumn = { title: string; items: Record<string, string>[] };

function linkProps(to: string): Record<string, string> {
  return isStaticFolderLink(to) ? { href: to, target: '_self' } : { to };
}

/** The navbar: the docs (their sidebar, from the landing page on), then each reference section. */
export function navbarItems(): NavbarItem[] {
  return [
    { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
    ...REFERENCE_SECTIONS.map(
      (section): NavbarItem => ({ ...linkProps(section.to), label: section.navbarLabel, position: 'left' }),
    ),
  ];
}

/** The footer: a column of the docs categories and a column of the reference sections. */
export function footerColumns(): FooterColumn[] {
  return [
    {
      title: 'Docs',
      items: DOCS_SECTIONS.map((section) => ({ label: section.label, to: sectionLink(section) })),
    },
    {
      title: 'Data',
      items: REFERENCE_SECTIONS.map((section) => ({ label: section.label, ...linkProps(section.to) })),
    },
  ];
}
