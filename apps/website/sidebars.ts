import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';
import { DOCS_SECTIONS } from './src/site-sections';

// The landing page, then one category per docs section of src/site-sections.ts: its index page is the
// category's link, its other pages the items. Expanded, so that the whole of the docs is in view.
const sidebars: SidebarsConfig = {
  docs: [
    { type: 'doc', id: 'index', label: 'Overview' },
    ...DOCS_SECTIONS.map((section) => ({
      type: 'category' as const,
      label: section.label,
      collapsed: false,
      link: { type: 'doc' as const, id: `${section.folder}/index` },
      items: section.pages.map((page) => `${section.folder}/${page}`),
    })),
  ],
};

export default sidebars;
