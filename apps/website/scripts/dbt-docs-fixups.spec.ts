import { describe, expect, it } from 'vitest';
import { fixDbtDocsPage } from './dbt-docs-fixups.js';

// The two defects as they appear in the page dbt 1.11 writes: in the head, and inside the Angular
// templates that the page's script holds as JS strings (quotes escaped).
const HEAD = `<meta name="description" content="dbt Docs"/><link rel="shortcut icon" href="\${require('./assets/favicons/favicon.ico')}"/><meta name="x"/>`;
const TEMPLATE = `e.put(t,'<span>\\n<svg class="icn menu-icon-on"><use xlink:href="{{ getIcon(item.type, \\'on\\') }}"></use></svg>\\n<svg class="icn menu-icon-off"><use xlink:href="{{ getIcon(item.type, \\'off\\') }}"></use></svg></span>')`;

describe('fixDbtDocsPage', () => {
  it('points the favicon at the site and binds the tree icons with ng-attr-href', () => {
    const { html, fixes } = fixDbtDocsPage(`${HEAD}<script>${TEMPLATE}</script>`, '/img/favicon.svg');
    expect(fixes).toBe(3);
    expect(html).toContain('<link rel="shortcut icon" href="/img/favicon.svg"/>');
    expect(html).toContain(`<use ng-attr-href="{{ getIcon(item.type, \\'on\\') }}"></use>`);
    expect(html).toContain(`<use ng-attr-href="{{ getIcon(item.type, \\'off\\') }}"></use>`);
    expect(html).not.toContain('xlink:href="{{');
    expect(html).not.toContain('require(');
  });

  it('leaves a page without those defects as it is', () => {
    const page =
      '<link rel="icon" href="favicon.ico"/><use xlink:href="#icn-db"></use><img ng-src="{{ logo }}"/>';
    expect(fixDbtDocsPage(page, '/img/favicon.svg')).toEqual({ html: page, fixes: 0 });
  });
});
