import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

export interface RedirectPagesOptions {
  /** Old path → new path of pages that moved (site paths, base URL included, no trailing slash). */
  moved: Readonly<Record<string, string>>;
}

/** One redirect page to write: the file, relative to the build folder, and the path it sends to. */
export interface PlannedRedirect {
  file: string;
  to: string;
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The build folder's file for a site path: `/docs/x` is `docs/x.html` (the site has no trailing slashes). */
function htmlFileOf(path: string, baseUrl: string): string {
  return `${path.slice(baseUrl.length)}.html`;
}

/**
 * The redirect pages a build needs, as GitHub Pages serves files:
 *
 * - With `trailingSlash: false` a route such as /docs is written as docs.html. GitHub Pages answers
 *   /docs with it, but /docs/ only with docs/index.html, which nothing writes: for every route that is
 *   also a folder of the build, docs/index.html redirects to /docs.
 * - Each moved page's old file redirects to its new path.
 *
 * Throws, with the fix, when a moved page's new path is not a route or its old path is one again.
 */
export function planRedirects(
  outDir: string,
  routesPaths: readonly string[],
  baseUrl: string,
  moved: RedirectPagesOptions['moved'],
): PlannedRedirect[] {
  const routes = new Set(routesPaths);
  const planned: PlannedRedirect[] = [];
  for (const route of routesPaths) {
    if (route === baseUrl || route.endsWith('/')) continue;
    const folder = route.slice(baseUrl.length);
    const file = join(folder, 'index.html');
    if (
      isFile(join(outDir, htmlFileOf(route, baseUrl))) &&
      isFolder(join(outDir, folder)) &&
      !isFile(join(outDir, file))
    )
      planned.push({ file, to: route });
  }
  for (const [from, to] of Object.entries(moved)) {
    if (!routes.has(to))
      throw new Error(
        `The moved page ${from} points to ${to}, which is no page of the site: fix the moved list.`,
      );
    if (routes.has(from))
      throw new Error(`The moved page ${from} is a page of the site again: remove it from the moved list.`);
    planned.push({ file: htmlFileOf(from, baseUrl), to });
  }
  return planned;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A page that sends the browser on to `to`, keeping the query and the anchor (the script), or without script (the meta refresh). */
export function redirectPageHtml(to: string, siteUrl: string): string {
  const target = escapeHtml(to);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${target}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeHtml(siteUrl + to)}">
<script>window.location.replace(${JSON.stringify(to).replace(/</g, '\\u003c')} + window.location.search + window.location.hash);</script>
<meta http-equiv="refresh" content="0; url=${target}">
</head>
<body><p>This page is now at <a href="${target}">${target}</a>.</p></body>
</html>
`;
}

/** The plugin that writes the redirect pages of {@link planRedirects} after the build. */
export function redirectPages(options: RedirectPagesOptions): (context: LoadContext) => Plugin {
  return (context) => ({
    name: 'redirect-pages',
    postBuild: async ({ outDir, routesPaths }) => {
      const { baseUrl, url } = context.siteConfig;
      for (const { file, to } of planRedirects(outDir, routesPaths, baseUrl, options.moved)) {
        const path = join(outDir, file);
        if (existsSync(path))
          throw new Error(`${file} exists in the build: a redirect page would replace it.`);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, redirectPageHtml(to, url));
      }
    },
  });
}
