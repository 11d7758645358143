import { parseJson, PayloadError } from '../../parse/payload-error.js';
import type { FetchContext, SourceRequest } from '../source-definition.js';

export interface HalPagesSpec {
  source: string;
  /** The key under `_embedded` holding a page's records. */
  collection: string;
  /** A guard against a server that never stops answering with a next link. */
  maxPages: number;
}

/** One record of a page: where it was (page number, position) and its fields. */
export interface PagedRecord {
  readonly row: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Read a paged HAL+JSON collection (the style of Brønnøysund's and many Norwegian agencies' search
 * APIs): `{"_embedded": {"<collection>": [...]}, "page": {"number", "size", "totalElements",
 * "totalPages"}, "_links": {"next": {"href"}}}`, following `next` from the first request until the
 * last page. The next link must stay on the first request's path (its origin is the server's own,
 * so it is resolved against the base URL the load uses), each page must say its number in order,
 * and the records must add up to totalElements. Each record's field names are its shape.
 */
export async function* readHalPages(
  ctx: FetchContext,
  first: SourceRequest,
  spec: HalPagesSpec,
): AsyncGenerator<PagedRecord> {
  const path = first.path.split('?')[0] as string;
  let request: SourceRequest | undefined = first;
  let expected = 0;
  let total: number | undefined;
  let records = 0;
  while (request) {
    if (expected >= spec.maxPages)
      throw new PayloadError(
        spec.source,
        `more than ${spec.maxPages} pages: the server keeps linking a next page`,
        {
          field: '_links.next',
        },
      );
    const part = await ctx.text(request);
    const page = parseJson(spec.source, part);
    if (!isObject(page) || !isObject(page['page']))
      throw new PayloadError(spec.source, `the response of ${part.url} is not a HAL page: no "page" object`, {
        field: 'page',
      });
    const meta = page['page'];
    if (meta['number'] !== expected)
      throw new PayloadError(
        spec.source,
        `page ${JSON.stringify(meta['number'])} came where page ${expected} was asked for`,
        {
          field: 'page.number',
        },
      );
    if (typeof meta['totalElements'] !== 'number' || typeof meta['totalPages'] !== 'number')
      throw new PayloadError(spec.source, 'has no totalElements and totalPages numbers', { field: 'page' });
    total ??= meta['totalElements'];
    for (const key of Object.keys(page)) ctx.shape.note('page field', key);
    // A HAL server leaves _embedded out of a page without records.
    const embedded = page['_embedded'];
    const items = isObject(embedded)
      ? embedded[spec.collection]
      : meta['totalElements'] === 0
        ? []
        : undefined;
    if (!Array.isArray(items)) {
      throw new PayloadError(
        spec.source,
        `has no array "${spec.collection}" (it has ${
          isObject(embedded)
            ? Object.keys(embedded)
                .map((k) => `"${k}"`)
                .join(', ') || 'nothing'
            : 'no _embedded'
        }): the collection was renamed, update the source definition`,
        { field: `_embedded.${spec.collection}` },
      );
    }
    for (const [i, item] of items.entries()) {
      const row = `page ${expected} record ${i + 1}`;
      if (!isObject(item)) throw new PayloadError(spec.source, 'is not an object', { row });
      for (const key of Object.keys(item)) ctx.shape.note('record field', key);
      records++;
      yield { row, fields: item };
    }
    const links = page['_links'];
    const next = isObject(links) && isObject(links['next']) ? links['next']['href'] : undefined;
    const last = expected >= meta['totalPages'] - 1;
    if (next === undefined || last) {
      if (!last)
        throw new PayloadError(
          spec.source,
          `page ${expected} of ${meta['totalPages']} links no next page: the collection ends early`,
          { field: '_links.next' },
        );
      request = undefined;
    } else {
      if (typeof next !== 'string')
        throw new PayloadError(spec.source, 'is not a link', { field: '_links.next.href' });
      const url = new URL(next, part.url);
      if (!url.pathname.endsWith(path))
        throw new PayloadError(spec.source, `the next page ${next} leaves the collection ${path}`, {
          field: '_links.next.href',
        });
      request = { ...first, path: `${path}${url.search}` };
    }
    expected++;
  }
  if (records !== total)
    throw new PayloadError(
      spec.source,
      `${records} records over ${expected} pages, but totalElements says ${total}`,
      {
        field: 'page.totalElements',
      },
    );
}
