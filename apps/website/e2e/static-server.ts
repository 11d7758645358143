import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** What GitHub Pages answers for a path of the site: a file, a redirect, or nothing. */
type Answer = { file: string } | { redirect: string } | undefined;

/**
 * As GitHub Pages does: `/x` is the file x, else `x.html`, else (x being a folder with an index.html)
 * a redirect to `/x/`; `/x/` is only `x/index.html`. So a page written as `docs.html` answers `/docs`
 * and not `/docs/`, as it would in production.
 */
function answerFor(pathname: string, local: string): Answer {
  if (pathname.endsWith('/')) {
    const index = join(local, 'index.html');
    return isFile(index) ? { file: index } : undefined;
  }
  if (isFile(local)) return { file: local };
  if (isFile(`${local}.html`)) return { file: `${local}.html` };
  if (isFile(join(local, 'index.html'))) return { redirect: `${pathname}/` };
  return undefined;
}

/**
 * Serve a built site from `root` on a free loopback port the way GitHub Pages does (see answerFor);
 * anything it does not answer is the site's 404.html.
 */
export function serveStatic(root: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const local = normalize(join(root, pathname));
    if (local !== root && !local.startsWith(root + sep)) {
      res.writeHead(400).end();
      return;
    }
    const answer = answerFor(pathname, local);
    if (answer && 'redirect' in answer) {
      res.writeHead(301, { location: `${answer.redirect}${url.search}` }).end();
      return;
    }
    const status = answer ? 200 : 404;
    const body = answer?.file ?? join(root, '404.html');
    res.writeHead(status, { 'content-type': TYPES[extname(body)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD' || !isFile(body)) res.end();
    else createReadStream(body).pipe(res);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolveStart({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolveClose) => {
            server.closeAllConnections();
            server.close(() => resolveClose());
          }),
      });
    });
  });
}
