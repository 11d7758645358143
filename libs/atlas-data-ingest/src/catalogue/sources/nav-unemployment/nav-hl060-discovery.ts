import { PayloadError } from '../../../parse/payload-error.js';

/** An attachment of nav.no's content system: /_/attachment/download/<uuid>:<hash>/<file name>. */
const ATTACHMENT = /\/_\/attachment\/(?:download|inline)\/[^"'<>\s]+?\.xlsx/gi;

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#47;/g, '/');
}

/**
 * The path of the HL060 workbook linked from NAV's "Helt ledige" page. NAV publishes each release
 * as a new attachment whose path (a content id and a hash) changes every time, so the path is
 * read from the page on every load rather than configured. Exactly one distinct HL060 workbook
 * must be linked: none means the page changed, several means picking one would be a guess.
 */
export function discoverHl060Path(source: string, pageUrl: string, html: string): string {
  const links = new Set<string>();
  for (const match of decodeEntities(html).matchAll(ATTACHMENT)) {
    const path = match[0];
    let name: string;
    try {
      name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
    } catch {
      name = path;
    }
    if (/HL060/i.test(name)) links.add(encodeURI(decodeURI(path)));
  }
  if (links.size === 0) {
    throw new PayloadError(
      source,
      `the page ${pageUrl} links no HL060 workbook (/_/attachment/.../*HL060*.xlsx): NAV changed the page, find the table's new link and update the source definition`,
      { field: 'HL060 link' },
    );
  }
  if (links.size > 1) {
    throw new PayloadError(
      source,
      `the page ${pageUrl} links ${links.size} HL060 workbooks (${[...links].join(', ')}): which one is current is a guess, update the source definition`,
      { field: 'HL060 link' },
    );
  }
  return [...links][0] as string;
}
