import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError, HttpError, httpRequest, httpStream } from './http-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('httpRequest against a loopback server', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let hits: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits++;
        handler(req, res, body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    hits = 0;
  });

  const fast = { backoffMs: 5, timeoutMs: 2000 };

  it('returns the body of a 200 and sends a POST body as JSON', async () => {
    handler = (req, res, body) =>
      res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body }));
    const response = await httpRequest(`${base}/data`, { ...fast, method: 'POST', json: { a: 1 } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' });
  });

  it('retries 503 and 429 with backoff until an answer comes', async () => {
    const statuses = [503, 429, 200];
    handler = (_req, res) => {
      const status = statuses.shift() ?? 200;
      res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end(status === 200 ? 'ok' : 'busy');
    };
    const retries: string[] = [];
    const response = await httpRequest(`${base}/flaky`, { ...fast, onRetry: (r) => retries.push(r.reason) });
    expect(response.body).toBe('ok');
    expect(hits).toBe(3);
    expect(retries).toEqual(['HTTP 503', 'HTTP 429']);
  });

  it('gives up after the retries with the status and the URL', async () => {
    handler = (_req, res) => res.writeHead(500, 'Internal Server Error').end('boom');
    const error = await httpRequest(`${base}/broken?x=1`, { ...fast, retries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(500);
    expect((error as Error).message).toBe(
      `GET ${base}/broken?x=1 answered HTTP 500 Internal Server Error (after 3 attempts)`,
    );
    expect(hits).toBe(3);
  });

  it('does not retry a 404', async () => {
    handler = (_req, res) => res.writeHead(404, 'Not Found').end();
    await expect(httpRequest(`${base}/missing`, fast)).rejects.toThrow(
      `GET ${base}/missing answered HTTP 404 Not Found`,
    );
    expect(hits).toBe(1);
  });

  it('times out a server that never answers, and retries it', async () => {
    handler = () => undefined; // never responds
    const error = await httpRequest(`${base}/slow`, { backoffMs: 5, timeoutMs: 150, retries: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toBe(
      `GET ${base}/slow failed: no complete answer within 150 ms (timeout) (after 2 attempts)`,
    );
    expect(hits).toBe(2);
  });

  it('times out a body that stalls after the headers', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    };
    await expect(httpRequest(`${base}/stall`, { backoffMs: 5, timeoutMs: 150, retries: 0 })).rejects.toThrow(
      /timeout/,
    );
  });

  it('reports a refused connection as a network error after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(httpRequest(`http://127.0.0.1:${port}/`, { ...fast, retries: 1 })).rejects.toThrow(
      new RegExp(`^GET http://127.0.0.1:${port}/ failed: ECONNREFUSED.* \\(after 2 attempts\\)$`),
    );
  });

  describe('httpStream', () => {
    const read = async (body: NodeJS.ReadableStream) => {
      let text = '';
      for await (const chunk of body) text += String(chunk);
      return text;
    };

    it('hands over the body as it arrives, after retrying a 503 before the hand-over', async () => {
      const statuses = [503, 200];
      handler = (_req, res) => {
        const status = statuses.shift() ?? 200;
        if (status !== 200) return void res.writeHead(status).end();
        res.writeHead(200, { 'content-type': 'application/gzip' });
        res.write('first ');
        setTimeout(() => res.end('second'), 50);
      };
      const response = await httpStream(`${base}/bulk`, fast);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(await read(response.body)).toBe('first second');
      expect(hits).toBe(2);
    });

    it('errors the body when no data comes for the idle timeout, naming the URL', async () => {
      handler = (_req, res) => {
        res.writeHead(200);
        res.write('some bytes');
      };
      const response = await httpStream(`${base}/stalls`, { ...fast, idleTimeoutMs: 150 });
      await expect(read(response.body)).rejects.toThrow(
        `GET ${base}/stalls failed: no data for 150 ms (the download stalled)`,
      );
    });

    it('fails like httpRequest when the answer is an error', async () => {
      handler = (_req, res) => res.writeHead(404, 'Not Found').end();
      await expect(httpStream(`${base}/none`, fast)).rejects.toThrow(
        `GET ${base}/none answered HTTP 404 Not Found`,
      );
    });
  });
});
