import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCacheHandler } from './handler.js';
import type { Logger } from './logger.js';
import type { CacheStorage } from './storage/storage.js';
import { TokenStore } from './tokens.js';

export interface CacheServerOptions {
  storage: CacheStorage;
  readTokens: readonly string[];
  writeTokens: readonly string[];
  maxArtifactBytes: number;
  logger: Logger;
  host?: string;
  port?: number;
  shutdownGraceMs?: number;
}

export interface RunningCacheServer {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  /** Base URL to put in NX_SELF_HOSTED_REMOTE_CACHE_SERVER (no trailing slash). */
  readonly url: string;
  /**
   * Graceful stop: refuse new connections, let requests in flight finish (up to the grace period,
   * then cut them), close the storage. Safe to call more than once.
   */
  close(): Promise<void>;
}

export async function startCacheServer(options: CacheServerOptions): Promise<RunningCacheServer> {
  const tokens = new TokenStore(options.readTokens, options.writeTokens);
  if (tokens.size === 0) throw new Error('startCacheServer needs at least one read or write token');
  const handle = createCacheHandler({
    storage: options.storage,
    tokens,
    maxArtifactBytes: options.maxArtifactBytes,
    logger: options.logger,
  });
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer({
    requestTimeout: 30 * 60_000,
    headersTimeout: 60_000,
    keepAliveTimeout: 65_000,
  });
  const onRequest = (req: Parameters<typeof handle>[0], res: Parameters<typeof handle>[1]) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    void handle(req, res);
  };
  server.on('request', onRequest);
  // Answer `Expect: 100-continue` ourselves: the handler refuses (401/403/409/413) before the body is sent.
  server.on('checkContinue', onRequest);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  options.logger.log('info', 'listening', {
    host,
    port,
    storage: options.storage.description,
    readTokens: options.readTokens.length,
    writeTokens: options.writeTokens.length,
    maxArtifactBytes: options.maxArtifactBytes,
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      options.logger.log('info', 'shutting down', { inFlight });
      const stopped = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const grace = options.shutdownGraceMs ?? 10_000;
        await Promise.race([
          new Promise<void>((r) => {
            drained = r;
          }),
          new Promise<void>((r) => setTimeout(r, grace).unref()),
        ]);
      }
      server.closeAllConnections();
      await stopped;
      await options.storage.close();
      options.logger.log('info', 'stopped', {});
    })();
    return closing;
  };

  return { server, port, host, url: `http://${urlHost}:${port}`, close };
}
