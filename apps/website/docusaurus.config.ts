import type { Config, LoadContext, Plugin } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { redirectPages } from './src/plugins/redirect-pages';
import { footerColumns, navbarItems } from './src/site-sections';

// A live PostgREST OpenAPI URL for /api; without it the page reads the committed snapshot
// (libs/dbt-project/api/openapi.json, copied to static/openapi.json by the site-assets step).
const openapiUrl = process.env['ATLAS_OPENAPI_URL']?.trim() ?? '';

/**
 * This package is an ES module package ("type": "module"), so webpack would parse the files Docusaurus
 * generates in .docusaurus/ as strict ESM and leave their `require.resolveWeak` calls untranslated
 * (the server render then fails with "require.resolveWeak is not a function"). Parse them as auto.
 */
function generatedFilesAsAutoModules(context: LoadContext): Plugin {
  return {
    name: 'generated-files-as-auto-modules',
    configureWebpack: () => ({
      module: { rules: [{ test: /\.js$/, include: [context.generatedFilesDir], type: 'javascript/auto' }] },
    }),
  };
}

/**
 * Pages that moved when the docs were sorted into categories: their old URLs answer with a redirect
 * to the new place (anchors kept), so links from outside the site keep working.
 */
const MOVED_PAGES: Record<string, string> = {
  '/docs/data-flow': '/docs/architecture/data-flow',
  '/docs/public-api': '/docs/architecture/public-api',
  '/docs/ci-pipeline': '/docs/pipeline',
  '/docs/remote-cache': '/docs/pipeline/remote-cache',
  '/docs/deploy-and-rollback': '/docs/pipeline/deploy-and-rollback',
};

const config: Config = {
  title: 'Atlas',
  tagline: 'Norwegian open data per municipality, from source APIs to a public API',
  favicon: 'img/favicon.svg',
  url: 'https://atlas.sovereignsky.no',
  baseUrl: '/',
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  customFields: { openapiUrl },
  plugins: [generatedFilesAsAutoModules, redirectPages({ moved: MOVED_PAGES })],
  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: 'docs',
          sidebarPath: './sidebars.ts',
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],
  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: { title: 'Atlas', items: navbarItems() },
    footer: {
      style: 'dark',
      links: footerColumns(),
      copyright: 'Atlas. Data under NLOD 2.0 (SSB, FHI, NAV, Brønnøysundregistrene).',
    },
    prism: { additionalLanguages: ['bash', 'sql', 'toml'] },
  } satisfies Preset.ThemeConfig,
};

export default config;
