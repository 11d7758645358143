import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A load balancer in front of a real cache server that goes wrong the way fronts do: the
 * requests `passes` lets through reach the server (by default the probe `atlas-nx-ci` makes:
 * /health and the token check on key 0), every other one gets the fault.
 */
export type Fault =
  /** 502 with an HTML body, as a proxy whose backend is gone. */
  | 'bad-gateway'
  /** Reads the request and never answers. */
  | 'hang'
  /** GET: the server's 200 headers and half its body, then nothing. PUT: reads half the body, then nothing. */
  | 'stall-mid-body'
  /** As stall-mid-body, but the connection is cut instead of left open. */
  | 'reset-mid-body'
  /** GET: 200 with a maintenance page instead of the artefact. PUT: passed through. */
  | 'not-an-artefact'
  /** 401 text/plain: the token was revoked. */
  | 'unauthorized';

export interface FaultyFront {
  readonly url: string;
  fault: Fault | 'none';
  /** Every request seen: method, path and whether it got the fault. */
  readonly seen: { method: string; path: string; faulted: boolean }[];
  close(): Promise<void>;
}

const isProbe = (path: string) => path === '/health' || path === '/v1/cache/0';

export async function startFaultyFront(
  upstream: string,
  fault: Fault | 'none',
  passes: (path: string) => boolean = isProbe,
): Promise<FaultyFront> {
  const sockets = new Set<Socket>();
  const seen: FaultyFront['seen'] = [];
  const front: { fault: Fault | 'none' } = { fault };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    onResponse?: (up: IncomingMessage) => boolean,
  ) => {
    const upstreamRequest = request(`${upstream}${req.url ?? '/'}`, {
      method: req.method,
      headers: req.headers,
    });
    upstreamRequest.on('error', () => res.destroy());
    upstreamRequest.on('response', (up) => {
      if (onResponse?.(up)) return;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstreamRequest);
  };

  const halfOfBody = (up: IncomingMessage, res: ServerResponse, then: () => void) => {
    const chunks: Buffer[] = [];
    up.on('data', (c: Buffer) => chunks.push(c));
    up.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, up.headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      then();
    });
  };

  const readHalf = (req: IncomingMessage, then: () => void) => {
    const length = Number(req.headers['content-length'] ?? 0);
    let read = 0;
    req.on('data', (c: Buffer) => {
      read += c.length;
      if (read >= length / 2) {
        req.pause();
        then();
      }
    });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const faulted = front.fault !== 'none' && !passes(path);
    seen.push({ method: req.method ?? '', path, faulted });
    if (!faulted) return forward(req, res);
    // Like a proxy that buffers the request body before it tries its backend, the fronts that
    // answer do so after reading the whole request.
    const afterBody = (answer: () => void) => {
      req.resume();
      req.once('end', answer);
    };
    switch (front.fault) {
      case 'bad-gateway':
        return afterBody(() =>
          res
            .writeHead(502, { 'content-type': 'text/html' })
            .end('<html><body><h1>502 Bad Gateway</h1></body></html>\n'),
        );
      case 'hang':
        req.resume();
        return;
      case 'stall-mid-body':
      case 'reset-mid-body': {
        const cut = front.fault === 'reset-mid-body' ? () => req.socket.destroy() : () => undefined;
        if (req.method === 'PUT') return readHalf(req, cut);
        return forward(req, res, (up) => {
          if (up.statusCode !== 200) return false;
          halfOfBody(up, res, cut);
          return true;
        });
      }
      case 'not-an-artefact':
        if (req.method === 'PUT') return forward(req, res);
        return afterBody(() =>
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end('<html><body>Down for maintenance</body></html>\n'),
        );
      case 'unauthorized':
        return afterBody(() => res.writeHead(401, { 'content-type': 'text/plain' }).end('token revoked\n'));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get fault() {
      return front.fault;
    },
    set fault(value) {
      front.fault = value;
    },
    seen,
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
