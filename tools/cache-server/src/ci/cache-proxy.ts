import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parseRequestPath } from '../hash-key.js';
import { CircuitBreaker } from './circuit-breaker.js';

/**
 * A loopback proxy between nx and the remote cache server that makes the cache non-fatal.
 *
 * The nx client (23.x) fails the whole run on any cache answer it does not expect: a GET that is
 * neither 200 nor 404, a connection error, a broken body; a PUT that is not 200, 403 or 409 is
 * retried for ~20 s and then fails the task; and it sets no timeout at all, so a server that hangs
 * hangs the run. Through this proxy nx only ever sees those three PUT answers and 200/404:
 *
 * - GET: a 200 from upstream is read to the end into a spool file and checked as a complete gzip
 *   stream before nx gets it; every failure (refused, reset, timeout, stall mid-body, 5xx, 401/403,
 *   a body that is not a whole tar.gz) becomes a 404, a miss, and nx runs the task.
 * - PUT: nx's body is streamed upstream; upstream's 200, 403 and 409 pass through unchanged, every
 *   failure becomes a 403, a write nx drops silently. Nothing is ever answered 200 that upstream did
 *   not store, nothing is written anywhere else, and the request (token included) is forwarded as
 *   nx sent it, so a read-only token stays read-only: upstream still decides.
 *
 * Each failure is reported as it happens and kept for the summary; after a few timeouts in a row
 * the upstream is left alone for a while (CircuitBreaker), so a hanging server costs a few
 * timeouts, not one per task.
 */

export type CacheMethod = 'GET' | 'PUT';

export interface ProxyFailure {
  method: CacheMethod;
  hash: string;
  /** Why, in words: "answered 502 Bad Gateway", "no answer within 1000 ms", ... */
  reason: string;
  /** How long the request took until it was given up. */
  ms: number;
}

export interface ProxyStats {
  /** GETs answered from the remote cache. */
  hits: number;
  misses: number;
  stored: number;
  /** PUTs of keys the cache already holds (first write wins). */
  exists: number;
  /** PUTs the server refused for a read-only token (403). */
  readOnly: number;
  /** Requests that failed upstream, each with its reason. */
  failures: ProxyFailure[];
  /** Requests not sent because the upstream was failing (see CircuitBreaker). */
  skipped: Record<CacheMethod, number>;
}

export interface CacheProxyOptions {
  /** The real server, as nx would be given it (no trailing slash; a path prefix is kept). */
  upstream: string;
  /** Longest wait for upstream's answer (connect included) once the request is sent. */
  responseTimeoutMs?: number;
  /** Longest pause while a body moves, either way. */
  idleTimeoutMs?: number;
  /** Timeouts in a row after which upstream is not asked for `breakerCooldownMs`. */
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  /** One line per event worth saying at once (a failure, the breaker opening). */
  say?: (line: string) => void;
}

export interface CacheProxy {
  /** What nx gets as NX_SELF_HOSTED_REMOTE_CACHE_SERVER. */
  readonly url: string;
  stats(): ProxyStats;
  /** Stop listening, cut what is left, remove the spool folder. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** How long an upload waits for `100 Continue` (or an early refusal) before it sends the body anyway. */
const CONTINUE_WAIT_MS = 1000;

class UpstreamFailure extends Error {}
/** A failure that cost a timeout: the kind the circuit breaker counts. */
class UpstreamTimeout extends UpstreamFailure {}

/** Pass chunks through; fail when none came for `ms` (a stalled body, either direction). */
function stallGuard(ms: number, describe: () => string): Transform {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      arm();
      callback(null, chunk);
    },
    flush(callback) {
      clearTimeout(timer);
      callback();
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => guard.destroy(new UpstreamTimeout(describe())), ms);
  };
  arm();
  return guard;
}

const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

/** Read and drop an answer's body; a connection cut meanwhile changes nothing. */
function drain(response: IncomingMessage): void {
  response.on('error', () => undefined);
  response.resume();
}

/** The request headers worth forwarding: the token, the body's length and type. */
function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['authorization', 'content-length', 'content-type', 'accept']) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function describeError(error: unknown): string {
  if (error instanceof UpstreamFailure) return error.message;
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || (error as Error).message === 'aborted')
    return 'connection reset before the exchange was complete';
  if (code === 'EPIPE') return 'the server closed the connection during the upload';
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR')
    return 'the body is not a complete tar.gz (truncated or not an artefact)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
  return code ? `${code}: ${(error as Error).message}` : (error as Error).message;
}

export async function startCacheProxy(options: CacheProxyOptions): Promise<CacheProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
    throw new Error(`The remote cache URL ${options.upstream} is not http(s).`);
  const base = upstream.pathname.replace(/\/+$/, '');
  const responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const say = options.say ?? (() => undefined);
  const secure = upstream.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  // Reads reuse connections (many small GETs); an upload gets a connection of its own, so a stale
  // kept-alive socket can never cost a write.
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const spool = mkdtempSync(join(tmpdir(), 'atlas-cache-proxy-'));
  const removeSpool = () => rmSync(spool, { recursive: true, force: true });
  process.once('exit', removeSpool);

  const stats: ProxyStats = {
    hits: 0,
    misses: 0,
    stored: 0,
    exists: 0,
    readOnly: 0,
    failures: [],
    skipped: { GET: 0, PUT: 0 },
  };
  const breaker = new CircuitBreaker({
    threshold: options.breakerThreshold ?? 3,
    cooldownMs: options.breakerCooldownMs ?? 30_000,
    onOpen: (failures, cooldownMs) =>
      say(
        `remote cache: ${failures} timeouts in a row; not asking ${options.upstream} for ${Math.round(cooldownMs / 1000)} s (reads are misses, writes are dropped)`,
      ),
  });

  const fail = (method: CacheMethod, hash: string, started: number, error: unknown): void => {
    const failure = {
      method,
      hash,
      reason: describeError(error),
      ms: Math.round(performance.now() - started),
    };
    stats.failures.push(failure);
    // Only timeouts cost the run time; a server that fails fast is still asked (it may recover).
    if (error instanceof UpstreamTimeout) breaker.failure();
    say(
      `remote cache ${method} ${hash}: ${failure.reason} after ${failure.ms} ms; ${method === 'GET' ? 'treated as a miss' : 'write dropped'}`,
    );
  };

  /** Send one request upstream; resolves with the response head (the body is still to be read). */
  function exchange(
    method: CacheMethod,
    hash: string,
    headers: Record<string, string>,
    body?: IncomingMessage,
  ): { response: Promise<IncomingMessage>; request: ClientRequest } {
    const target: RequestOptions = {
      method,
      protocol: upstream.protocol,
      hostname: upstream.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: upstream.port,
      path: `${base}/v1/cache/${hash}`,
      headers,
      agent: body ? false : agent,
    };
    if (body) target.headers = { ...headers, expect: '100-continue' };
    const request = send(target);
    const response = new Promise<IncomingMessage>((resolveResponse, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waitForAnswer = () => {
        timer = setTimeout(
          () => request.destroy(new UpstreamTimeout(`no answer within ${responseTimeoutMs} ms`)),
          responseTimeoutMs,
        );
      };
      // `on`, not `once`: writes after an early answer or a reset can raise more than one error.
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.once('response', (res) => {
        clearTimeout(timer);
        resolveResponse(res);
      });
      if (!body) {
        waitForAnswer();
        request.end();
        return;
      }
      // nx's body, moved by hand: a pipe would destroy nx's request with upstream's, and nx must
      // still get an answer when upstream fails. `Expect: 100-continue` lets the server refuse
      // (401, 403 read-only, 409 exists, 413) before the body is sent, as ours does; a server that
      // ignores it gets the body after a short wait, as RFC 9110 has clients do.
      let idle: NodeJS.Timeout | undefined;
      let sending = false;
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(
          () => request.destroy(new UpstreamTimeout(`upload stalled: no progress for ${idleTimeoutMs} ms`)),
          idleTimeoutMs,
        );
      };
      const onData = (chunk: Buffer) => {
        arm();
        if (!request.write(chunk)) body.pause();
      };
      const onEnd = () => {
        clearTimeout(idle);
        request.end();
        waitForAnswer();
      };
      const sendBody = () => {
        if (sending || request.destroyed) return;
        sending = true;
        clearTimeout(timer);
        arm();
        body.on('data', onData);
        body.once('end', onEnd);
      };
      request.on('continue', sendBody);
      request.on('drain', () => {
        arm();
        body.resume();
      });
      // An answer before the body was asked for leaves the body with nx's request (drained there).
      request.once('response', () => clearTimeout(idle));
      request.once('close', () => {
        clearTimeout(idle);
        clearTimeout(timer);
        body.off('data', onData);
        body.off('end', onEnd);
      });
      request.flushHeaders();
      timer = setTimeout(sendBody, Math.min(CONTINUE_WAIT_MS, responseTimeoutMs));
    });
    response.catch(() => undefined);
    return { response, request };
  }

  async function handleGet(req: IncomingMessage, res: ServerResponse, hash: string): Promise<void> {
    req.resume();
    const answerMiss = () => {
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('miss\n');
    };
    if (breaker.admit() === 'skip') {
      stats.skipped.GET++;
      answerMiss();
      return;
    }
    const started = performance.now();
    const file = join(spool, `${hash}-${randomUUID()}`);
    // While upstream is still being read, nx giving up ends that too.
    let upstreamRequest: ClientRequest | undefined;
    const nxGone = () => upstreamRequest?.destroy(new UpstreamFailure('nx closed the request'));
    res.once('close', nxGone);
    const ask = async (): Promise<IncomingMessage> => {
      const first = exchange('GET', hash, forwardedHeaders(req.headers));
      upstreamRequest = first.request;
      try {
        return await first.response;
      } catch (error) {
        // A kept-alive connection the server had just closed: the request never reached it.
        if (!first.request.reusedSocket || error instanceof UpstreamFailure) throw error;
        const second = exchange('GET', hash, forwardedHeaders(req.headers));
        upstreamRequest = second.request;
        return second.response;
      }
    };
    try {
      const response = await ask();
      if (response.statusCode === 404) {
        drain(response);
        stats.misses++;
        breaker.success();
        answerMiss();
        return;
      }
      if (response.statusCode !== 200) {
        drain(response);
        throw new UpstreamFailure(
          `answered ${response.statusCode} ${response.statusMessage ?? ''}`.trimEnd() +
            (response.statusCode === 401 || response.statusCode === 403 ? ' (the token was refused)' : ''),
        );
      }
      let bytes = 0;
      await pipeline(
        response,
        stallGuard(idleTimeoutMs, () => `body stalled: no data for ${idleTimeoutMs} ms after ${bytes} bytes`),
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            callback(null, chunk);
          },
        }),
        createWriteStream(file),
      );
      res.off('close', nxGone);
      upstreamRequest = undefined;
      const declared = Number(response.headers['content-length'] ?? Number.NaN);
      if (Number.isFinite(declared) && declared !== bytes)
        throw new UpstreamFailure(`body ended after ${bytes} of ${declared} bytes`);
      // nx cannot survive a broken artefact; a whole gzip stream (checksum and length) it can.
      await pipeline(createReadStream(file), createGunzip(), discard());
      const { size } = await stat(file);
      // Upstream did its part; whether nx still wants the artefact is not the server's failure.
      stats.hits++;
      breaker.success();
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      await pipeline(createReadStream(file), res);
    } catch (error) {
      if (res.headersSent || (res.destroyed && !res.writableFinished)) return;
      fail('GET', hash, started, error);
      answerMiss();
    } finally {
      res.off('close', nxGone);
      await unlink(file).catch(() => undefined);
    }
  }

  async function handlePut(req: IncomingMessage, res: ServerResponse, hash: string): Promise<void> {
    const received = new Promise<void>((resolveReceived) => {
      if (req.readableEnded) resolveReceived();
      req.once('end', resolveReceived);
      req.once('close', resolveReceived);
    });
    // nx is answered once its whole body has arrived, whatever happened upstream meanwhile.
    const answer = async (status: 200 | 403 | 409, text: string) => {
      req.resume();
      await received;
      if (!res.headersSent && !res.destroyed)
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`${text}\n`);
    };
    if (breaker.admit() === 'skip') {
      stats.skipped.PUT++;
      await answer(403, 'not stored: the remote cache is failing');
      return;
    }
    const started = performance.now();
    try {
      const sent = exchange('PUT', hash, forwardedHeaders(req.headers), req);
      const response = await sent.response;
      drain(response);
      // An early answer (before the body was asked for) leaves the request open: close it.
      sent.request.destroy();
      const status = response.statusCode ?? 0;
      if (status === 200 || status === 409 || status === 403) {
        breaker.success();
        if (status === 200) stats.stored++;
        else if (status === 409) stats.exists++;
        else stats.readOnly++;
        await answer(status, status === 200 ? 'stored' : status === 409 ? 'exists' : 'read-only token');
        return;
      }
      throw new UpstreamFailure(
        `answered ${status} ${response.statusMessage ?? ''}`.trimEnd() +
          (status === 401 ? ' (the token was refused)' : status === 413 ? ' (over the size limit)' : ''),
      );
    } catch (error) {
      fail('PUT', hash, started, error);
      await answer(403, 'not stored: the remote cache failed');
    }
  }

  const server = createServer((req, res) => {
    const route = parseRequestPath(req.url);
    const method = req.method === 'GET' || req.method === 'PUT' ? req.method : undefined;
    if (route.kind !== 'cache' || !method) {
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a remote cache request\n');
      return;
    }
    void (method === 'GET' ? handleGet(req, res, route.hash) : handlePut(req, res, route.hash));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ ...stats, failures: [...stats.failures], skipped: { ...stats.skipped } }),
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        agent.destroy();
        await closed;
        removeSpool();
        process.off('exit', removeSpool);
      })();
      return closing;
    },
  };
}
