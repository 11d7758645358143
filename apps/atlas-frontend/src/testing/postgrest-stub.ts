import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Tables = Record<string, Record<string, unknown>[]>;

/** Answers a request itself instead of the tables (to play a broken or odd API); undefined = default. */
export type Override = (url: URL) => { status: number; body: string; contentType?: string } | undefined;

export interface PostgrestStub {
  url: string;
  /** Every request path with its query, in order. */
  requests: string[];
  override(fn: Override | undefined): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers like PostgREST over the api_v1 views, for the subset the app
 * uses: GET /v1/<view> with eq. filters, order (col[.asc|.desc], comma-separated) and limit. Other
 * operators get PostgREST's 400, unknown views its 404.
 */
export async function startPostgrestStub(tables: Tables): Promise<PostgrestStub> {
  const requests: string[] = [];
  let override: Override | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    requests.push(url.pathname + url.search);
    const custom = override?.(url);
    if (custom) {
      res.writeHead(custom.status, { 'content-type': custom.contentType ?? 'application/json' });
      res.end(custom.body);
      return;
    }
    const answer = answerQuery(tables, req.method ?? 'GET', url);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    override: (fn) => {
      override = fn;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function pgrstError(status: number, code: string, message: string) {
  return { status, body: { code, message, details: null, hint: null } };
}

function answerQuery(tables: Tables, method: string, url: URL): { status: number; body: unknown } {
  if (method !== 'GET') return pgrstError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
  const match = /^\/v1\/([a-z_]+)$/.exec(url.pathname);
  const view = match?.[1];
  const all = view ? tables[view] : undefined;
  if (!view || !all) {
    return pgrstError(
      404,
      'PGRST205',
      `Could not find the table 'api_v1.${view ?? url.pathname}' in the schema cache`,
    );
  }
  let rows = [...all];
  let limit: number | undefined;
  let order: { column: string; desc: boolean }[] = [];
  for (const [key, value] of url.searchParams) {
    if (key === 'limit') {
      limit = Number(value);
    } else if (key === 'order') {
      order = value.split(',').map((term) => {
        const [column = '', direction] = term.split('.');
        return { column, desc: direction === 'desc' };
      });
    } else {
      const [operator, ...rest] = value.split('.');
      if (operator !== 'eq')
        return pgrstError(400, 'PGRST100', `"failed to parse filter (${value})" (line 1, column 1)`);
      const operand = rest.join('.');
      rows = rows.filter((row) => String(row[key]) === operand);
    }
  }
  rows.sort((a, b) => {
    for (const { column, desc } of order) {
      const x = a[column] as string | number;
      const y = b[column] as string | number;
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
  return { status: 200, body: limit === undefined ? rows : rows.slice(0, limit) };
}
