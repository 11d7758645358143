import { describe, expect, it } from 'vitest';
import { IGNORED_SHAPE, PayloadShape } from '../../check/payload-shape.js';
import type { FetchContext, SourceRequest } from '../source-definition.js';
import { readHalPages, type PagedRecord } from './paged-json-source.js';

const FIRST: SourceRequest = { method: 'GET', path: '/api/v1/values?page=0&size=2' };
const spec = { source: 't', collection: 'values', maxPages: 10 };

function page(number: number, totalPages: number, totalElements: number, items: unknown[], next?: string) {
  return {
    _embedded: { values: items },
    _links: {
      self: { href: `https://api.test/api/v1/values?page=${number}&size=2` },
      ...(next ? { next: { href: next } } : {}),
    },
    page: { size: 2, totalElements, totalPages, number },
  };
}

/** A FetchContext answering each path and query from `pages`; records what was asked. */
function context(pages: Record<string, unknown>, shape = IGNORED_SHAPE) {
  const asked: string[] = [];
  const ctx: FetchContext = {
    baseUrl: 'http://127.0.0.1/t',
    shape,
    warn: () => undefined,
    text: async (req) => {
      asked.push(req.path);
      const body = pages[req.path];
      if (body === undefined) throw new Error(`no page ${req.path}`);
      return { url: `http://127.0.0.1/t${req.path}`, body: JSON.stringify(body) };
    },
    stream: () => Promise.reject(new Error('not streamed')),
  };
  return { ctx, asked };
}

async function all(ctx: FetchContext): Promise<PagedRecord[]> {
  const out: PagedRecord[] = [];
  for await (const record of readHalPages(ctx, FIRST, spec)) out.push(record);
  return out;
}

describe('readHalPages', () => {
  it('follows next links on the same path, resolved against the base URL, to the last page', async () => {
    const shape = new PayloadShape();
    const { ctx, asked } = context(
      {
        '/api/v1/values?page=0&size=2': page(
          0,
          2,
          3,
          [{ k: 'a' }, { k: 'b' }],
          'https://api.test/api/v1/values?page=1&size=2',
        ),
        '/api/v1/values?page=1&size=2': page(1, 2, 3, [{ k: 'c', extra: 1 }]),
      },
      shape,
    );
    const records = await all(ctx);
    expect(records.map((r) => [r.row, r.fields['k']])).toEqual([
      ['page 0 record 1', 'a'],
      ['page 0 record 2', 'b'],
      ['page 1 record 1', 'c'],
    ]);
    expect(asked).toEqual(['/api/v1/values?page=0&size=2', '/api/v1/values?page=1&size=2']);
    expect(shape.toJSON()['record field']).toEqual(['extra', 'k']);
  });

  it('names a renamed collection, a page out of order, an early end and a short count', async () => {
    const first = '/api/v1/values?page=0&size=2';
    const renamed = { ...page(0, 1, 1, []), _embedded: { verdier: [{ k: 'a' }] } };
    await expect(all(context({ [first]: renamed }).ctx)).rejects.toThrow(
      't: field "_embedded.values": has no array "values" (it has "verdier"): the collection was renamed, update the source definition',
    );
    await expect(all(context({ [first]: page(1, 2, 2, [{ k: 'a' }]) }).ctx)).rejects.toThrow(
      't: field "page.number": page 1 came where page 0 was asked for',
    );
    await expect(all(context({ [first]: page(0, 2, 3, [{ k: 'a' }, { k: 'b' }]) }).ctx)).rejects.toThrow(
      't: field "_links.next": page 0 of 2 links no next page: the collection ends early',
    );
    await expect(all(context({ [first]: page(0, 1, 3, [{ k: 'a' }]) }).ctx)).rejects.toThrow(
      't: field "page.totalElements": 1 records over 1 pages, but totalElements says 3',
    );
  });

  it('refuses a next link that leaves the collection, and a server that never stops', async () => {
    const first = '/api/v1/values?page=0&size=2';
    const away = page(0, 2, 2, [{ k: 'a' }], 'https://api.test/api/v1/other?page=1');
    await expect(all(context({ [first]: away }).ctx)).rejects.toThrow(
      't: field "_links.next.href": the next page https://api.test/api/v1/other?page=1 leaves the collection /api/v1/values',
    );
    const loop = page(0, 99, 99, [{ k: 'a' }], 'https://api.test/api/v1/values?page=0&size=2');
    await expect(all(context({ [first]: loop }).ctx)).rejects.toThrow(
      't: field "page.number": page 0 came where page 1 was asked for',
    );
  });
});
