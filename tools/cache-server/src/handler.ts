import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ByteLimit, IncompleteBodyError, TooLargeError } from './byte-limit.js';
import { parseRequestPath } from './hash-key.js';
import type { Logger } from './logger.js';
import type { CacheStorage } from './storage/storage.js';
import { bearerToken, type TokenMatch, type TokenStore } from './tokens.js';

export interface HandlerOptions {
  storage: CacheStorage;
  tokens: TokenStore;
  maxArtifactBytes: number;
  logger: Logger;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

class ClientGoneError extends Error {}

interface Meter {
  bytes: number;
  aborted: boolean;
  /** The upload's byte counter, read when the request line is logged (possibly mid-upload). */
  upload?: ByteLimit;
}

function sendText(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Content-Length as a number, undefined when absent, NaN when malformed. */
function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/**
 * The Nx self-hosted remote cache API (PUT/GET /v1/cache/{hash}) plus GET /health. Follows what the
 * nx client needs: 200 on a stored PUT, 409 for an existing key, 401 with a text/plain body,
 * 403 for a read-only token that tries to write, and tolerance for `//v1/...`.
 */
export function createCacheHandler(options: HandlerOptions): RequestHandler {
  const { storage, tokens, maxArtifactBytes, logger } = options;

  const audit = (who: TokenMatch | null, hash: string, outcome: string, bytes: number, started: number) => {
    logger.log('info', 'audit', {
      action: 'cache.put',
      outcome,
      tokenId: who?.tokenId ?? null,
      hash,
      bytes,
      ms: Math.round(performance.now() - started),
    });
  };

  async function health(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed: use GET /health', { Allow: 'GET, HEAD' });
      return;
    }
    try {
      await storage.check();
      const body = JSON.stringify({ status: 'ok', storage: storage.kind });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      logger.log('error', 'health check failed', { error: (error as Error).message });
      const body = JSON.stringify({ status: 'unavailable', storage: storage.kind });
      res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    }
  }

  async function read(req: IncomingMessage, res: ServerResponse, hash: string, meter: Meter): Promise<void> {
    const artifact = await storage.get(hash);
    if (!artifact) {
      sendText(res, 404, 'The record was not found');
      return;
    }
    const headers: Record<string, string | number> = { 'Content-Type': 'application/octet-stream' };
    if (artifact.size !== undefined) headers['Content-Length'] = artifact.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      artifact.body.destroy();
      res.end();
      return;
    }
    artifact.body.on('data', (chunk: Buffer) => {
      meter.bytes += chunk.length;
    });
    try {
      await pipeline(artifact.body, res);
    } catch (error) {
      // A client may hang up as soon as it has Content-Length bytes, before our read stream has
      // seen end-of-file: that download is complete. Anything shorter is a client gone mid-way.
      if (artifact.size !== undefined && meter.bytes >= artifact.size) return;
      if (!res.destroyed) throw error;
      meter.aborted = true;
    }
  }

  async function write(
    req: IncomingMessage,
    res: ServerResponse,
    hash: string,
    who: TokenMatch,
    started: number,
    meter: Meter,
  ): Promise<void> {
    if (who.access !== 'write') {
      audit(who, hash, 'forbidden', 0, started);
      sendText(res, 403, 'Access forbidden: this token may only read from the cache');
      return;
    }
    const declared = declaredLength(req);
    if (Number.isNaN(declared)) {
      sendText(res, 400, 'Bad request: Content-Length is not a number');
      return;
    }
    if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
      sendText(res, 411, 'Length required: send the artefact with a Content-Length header');
      return;
    }
    if (declared !== undefined && declared > maxArtifactBytes) {
      audit(who, hash, 'too-large', declared, started);
      sendText(res, 413, `Payload too large: the limit is ${maxArtifactBytes} bytes`, {
        Connection: 'close',
      });
      return;
    }
    if (await storage.has(hash)) {
      audit(who, hash, 'exists', declared ?? 0, started);
      sendText(res, 409, 'Cannot override an existing record');
      return;
    }
    if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();

    const limiter = new ByteLimit(maxArtifactBytes, declared);
    req.on('error', (error) => limiter.destroy(error));
    req.on('close', () => {
      if (!req.complete)
        limiter.destroy(new ClientGoneError('client closed the connection during the upload'));
    });
    meter.upload = limiter;
    req.pipe(limiter);
    try {
      const outcome = await storage.put(hash, limiter, declared);
      meter.bytes = limiter.bytes;
      audit(who, hash, outcome, limiter.bytes, started);
      if (outcome === 'exists') sendText(res, 409, 'Cannot override an existing record');
      else sendText(res, 200, 'Successfully uploaded the output');
    } catch (error) {
      meter.bytes = limiter.bytes;
      req.unpipe(limiter);
      if (error instanceof TooLargeError) {
        audit(who, hash, 'too-large', limiter.bytes, started);
        sendText(res, 413, `Payload too large: the limit is ${maxArtifactBytes} bytes`, {
          Connection: 'close',
        });
      } else if (error instanceof IncompleteBodyError) {
        audit(who, hash, 'incomplete', limiter.bytes, started);
        sendText(res, 400, `Bad request: ${error.message}; nothing was stored`, { Connection: 'close' });
      } else if (error instanceof ClientGoneError || req.destroyed) {
        audit(who, hash, 'aborted', limiter.bytes, started);
        meter.aborted = true;
        res.destroy();
      } else {
        throw error;
      }
    }
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let who: TokenMatch | null = null;
    const meter: Meter = { bytes: 0, aborted: false };
    res.once('close', () => {
      // Closed without a status sent: the client went away first (499, the nginx convention).
      const cut = meter.aborted || !res.headersSent;
      logger.log('info', 'request', {
        method: req.method,
        path: (req.url ?? '').slice(0, 200),
        status: res.headersSent ? res.statusCode : 499,
        bytes: meter.upload?.bytes ?? meter.bytes,
        ms: Math.round(performance.now() - started),
        tokenId: who?.tokenId ?? null,
        ...(cut ? { aborted: true } : {}),
      });
    });
    try {
      const route = parseRequestPath(req.url);
      if (route.kind === 'health') {
        await health(req, res);
        return;
      }
      if (route.kind === 'unknown') {
        sendText(res, 404, 'Not found: the API is PUT/GET /v1/cache/{hash} and GET /health');
        return;
      }
      const method = req.method ?? '';
      if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
        sendText(res, 405, 'Method not allowed: use GET or PUT', { Allow: 'GET, HEAD, PUT' });
        return;
      }
      const token = bearerToken(req.headers.authorization);
      if (token === null) {
        sendText(
          res,
          401,
          'Missing authentication token: send Authorization: Bearer <token> (NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN)',
          {
            'WWW-Authenticate': 'Bearer',
          },
        );
        return;
      }
      who = tokens.check(token);
      if (who === null) {
        sendText(res, 401, 'Invalid authentication token: check NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN', {
          'WWW-Authenticate': 'Bearer error="invalid_token"',
        });
        return;
      }
      if (route.kind === 'invalid-hash') {
        sendText(res, 400, 'Bad request: the hash must be 1-128 characters of 0-9 and a-f');
        return;
      }
      if (method === 'PUT') await write(req, res, route.hash, who, started, meter);
      else await read(req, res, route.hash, meter);
    } catch (error) {
      logger.log('error', 'request failed', {
        method: req.method,
        path: req.url,
        error: (error as Error).message,
      });
      if (!res.headersSent)
        sendText(res, 500, 'Internal error: the cache server could not complete the request', {
          Connection: 'close',
        });
      else res.destroy();
    }
  };
}
