/**
 * Two defects of the static page `dbt docs generate --static` writes (dbt-core 1.11), fixed when the
 * page is copied into the site so that /lineage/ loads without failed requests:
 * - its favicon link is an unbuilt template, href="${require('./assets/favicons/favicon.ico')}", which
 *   the browser requests literally: point it at the site's favicon;
 * - the tree icons are `<use xlink:href="{{ getIcon(...) }}">` in Angular templates; until Angular
 *   interpolates them the browser fetches "{{ getIcon(...) }}" as a URL. Bind them with
 *   `ng-attr-href` instead: no attribute until Angular sets SVG 2's plain `href` to the icon's
 *   fragment ("#icn-db").
 * A page without these defects (another dbt release) is returned unchanged.
 */
export function fixDbtDocsPage(html: string, faviconHref: string): { html: string; fixes: number } {
  let fixes = 0;
  let out = html.replace(/href="\$\{require\('\.\/assets\/favicons\/favicon\.ico'\)\}"/g, () => {
    fixes += 1;
    return `href="${faviconHref}"`;
  });
  out = out.replace(/xlink:href="\{\{ (getIcon\([^"{}]*\)) \}\}"/g, (_match, call: string) => {
    fixes += 1;
    return `ng-attr-href="{{ ${call} }}"`;
  });
  return { html: out, fixes };
}
