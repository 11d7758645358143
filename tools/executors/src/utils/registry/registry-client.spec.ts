import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChallenge, RegistryClient, registryCredentials } from './registry-client.js';

/**
 * A loopback stand-in for a token-auth registry (the flow GHCR and Harbor use): 401 with a Bearer
 * challenge, a token service that grants push only to "writer", manifests and upload sessions.
 */
function tokenRegistry(): Promise<{ host: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization ?? '';
    requests.push(`${req.method} ${url.pathname}${url.search} ${auth.split(' ')[0] ?? ''}`);
    const host = req.headers.host ?? '';
    const challenge = () => {
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="stand-in",scope="repository:team/app:pull"`,
        })
        .end();
    };
    if (url.pathname === '/token') {
      const [user] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':');
      if (user !== 'reader' && user !== 'writer') return void res.writeHead(401).end();
      const scope = url.searchParams.get('scope') ?? '';
      const canPush = user === 'writer' && scope.endsWith('pull,push');
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: canPush ? 'push-token' : 'pull-token' }));
    }
    if (!auth.startsWith('Bearer ')) return challenge();
    if (url.pathname === '/v2/') return void res.writeHead(200).end('{}');
    if (url.pathname === '/v2/team/app/manifests/v1.0.0') {
      return void res
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'docker-content-digest': 'sha256:abc',
        })
        .end('{}');
    }
    if (url.pathname.startsWith('/v2/team/app/manifests/')) return void res.writeHead(404).end();
    if (req.method === 'POST' && url.pathname === '/v2/team/app/blobs/uploads/') {
      if (auth !== 'Bearer push-token') return void res.writeHead(403).end('{"errors":[{"code":"DENIED"}]}');
      return void res.writeHead(202, { location: '/v2/team/app/blobs/uploads/session-1' }).end();
    }
    if (req.method === 'DELETE' && url.pathname === '/v2/team/app/blobs/uploads/session-1')
      return void res.writeHead(204).end();
    res.writeHead(500).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests }),
    ),
  );
}

describe('RegistryClient with the Bearer token flow', () => {
  let registry: Awaited<ReturnType<typeof tokenRegistry>>;
  beforeAll(async () => {
    registry = await tokenRegistry();
  });
  afterAll(() => new Promise<void>((resolve) => registry.server.close(() => resolve())));

  const client = (username?: string) =>
    new RegistryClient({
      registry: registry.host,
      insecure: true,
      credentials: username ? { username, password: 'pw' } : undefined,
    });

  it('parses challenges', () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull' },
    });
    expect(parseChallenge('Basic realm="atlas"')).toEqual({ scheme: 'basic', params: { realm: 'atlas' } });
  });

  it('fetches a token for the scope it needs and looks tags up', async () => {
    const reader = client('reader');
    expect(await reader.ping()).toEqual({ status: 200, anonymous: false });
    expect(await reader.manifestDigest('team/app', 'v1.0.0')).toBe('sha256:abc');
    expect(await reader.manifestDigest('team/app', 'v2.0.0')).toBeUndefined();
    expect(registry.requests).toContain(
      'GET /token?service=stand-in&scope=repository%3Ateam%2Fapp%3Apull Basic',
    );
  });

  it('tells push rights apart: an upload opened and cancelled for the writer, 403 for the reader', async () => {
    expect(await client('writer').pushAllowed('team/app')).toEqual({ allowed: true, status: 202 });
    expect(registry.requests).toContain('DELETE /v2/team/app/blobs/uploads/session-1 Bearer');
    expect(await client('reader').pushAllowed('team/app')).toEqual({ allowed: false, status: 403 });
  });

  it('refuses reading without credentials and unknown users, in one line', async () => {
    expect(await client().ping()).toEqual({ status: 401, anonymous: false });
    await expect(client().manifestDigest('team/app', 'v1.0.0')).rejects.toThrow(
      `The registry ${registry.host} refused reading team/app:v1.0.0 (401)`,
    );
    await expect(client('mallory').manifestDigest('team/app', 'v1.0.0')).rejects.toThrow(
      /token service \(127\.0\.0\.1:\d+\) refused the credentials \(401\)/,
    );
  });

  it('takes credentials from ATLAS_REGISTRY_* or, for ghcr.io, from GitHub Actions', () => {
    expect(
      registryCredentials('r.example', { ATLAS_REGISTRY_USERNAME: 'u', ATLAS_REGISTRY_PASSWORD: 'p' }),
    ).toEqual({ username: 'u', password: 'p' });
    expect(registryCredentials('ghcr.io', { GITHUB_ACTOR: 'bot', GITHUB_TOKEN: 't' })).toEqual({
      username: 'bot',
      password: 't',
    });
    expect(registryCredentials('r.example', { GITHUB_TOKEN: 't' })).toBeUndefined();
  });
});
