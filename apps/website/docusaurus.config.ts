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
    configureWebpack: (_config, isServer) => ({
      module: { rules: [{ test: /\.js$/, include: [context.generatedFilesDir], type: 'javascript/auto' }] },
      // The server bundle's chunks are CommonJS, which Node reads as ESM from a "type": "module" package
      // unless they are .cjs files.
      ...(isServer && { output: { chunkFilename: 'assets/js/[name].[contenthash:8].cjs' } }),
    }),
  };
}

/**
 * What Scalar's prebuilt bundle makes the build say that is not ours to fix:
 * - its stylesheet is written for browsers with `:is()`; postcss-preset-env's fallback for older ones
 *   cannot express those selectors and warns on each (a hundred lines per build): keep `:is()`;
 * - it loads plugins from URLs at run time (`import(url)`), which the bundler flags as an expression.
 */
function scalarBundleAsIs(): Plugin {
  return {
    name: 'scalar-bundle-as-is',
    configurePostCss(options) {
      for (const plugin of options.plugins) {
        if (Array.isArray(plugin) && String(plugin[0]).includes('postcss-preset-env'))
          plugin[1] = { ...(plugin[1] as object), features: { 'is-pseudo-class': false } };
      }
      return options;
    },
    configureWebpack: () => ({
      ignoreWarnings: [{ module: /@scalar\/api-reference\/dist\/standalone\/lib\/load-plugins-from-urls/ }],
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
  // Rspack, SWC and Lightning CSS instead of webpack, Babel and Terser (@docusaurus/faster): the same
  // site in a fraction of the build time.
  future: {
    faster: {
      swcJsLoader: true,
      swcJsMinimizer: true,
      swcHtmlMinimizer: true,
      lightningCssMinimizer: true,
      mdxCrossCompilerCache: true,
      rspackBundler: true,
      // No persistent cache: the build is Nx's to cache, and a cache outside it would make it impure.
      rspackPersistentCache: false,
      // The server bundle is rendered in the main thread: this package is an ES module package.
      ssgWorkerThreads: false,
    },
  },
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  customFields: { openapiUrl },
  plugins: [generatedFilesAsAutoModules, scalarBundleAsIs, redirectPages({ moved: MOVED_PAGES })],
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
