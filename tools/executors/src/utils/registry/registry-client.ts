import { createHash } from 'node:crypto';
import { ExecutorFailure } from '../executor-failure.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryClientOptions {
  /** host[:port] of the registry. */
  registry: string;
  /** Plain http (loopback test registries); https otherwise. */
  insecure: boolean;
  credentials?: RegistryCredentials;
  timeoutMs?: number;
}

/** Every manifest kind a tag can point at; without the OCI ones a registry answers 404 for OCI images. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

const CREDENTIALS_HINT =
  'set ATLAS_REGISTRY_USERNAME and ATLAS_REGISTRY_PASSWORD (in GitHub Actions: GITHUB_ACTOR and GITHUB_TOKEN with packages: write)';

/** Parse `Bearer realm="...",service="...",scope="..."` (or `Basic realm="..."`). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const [, key = '', value = ''] of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g))
    params[key.toLowerCase()] = value;
  return { scheme, params };
}

/**
 * The part of the registry HTTP API v2 a publisher needs: ping, look a tag or digest up, prove that
 * pushing is allowed. Speaks both registry auth schemes: Basic (htpasswd registries) and the Bearer
 * token flow (GHCR, Docker Hub, Harbor), with the scope asked for per request.
 */
export class RegistryClient {
  readonly base: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    this.base = `${options.insecure ? 'http' : 'https'}://${options.registry}`;
  }

  /** GET /v2/: reachable, and whether it answers without credentials. */
  async ping(): Promise<{ status: number; anonymous: boolean }> {
    const anonymous = await this.send('GET', '/v2/', {});
    if (anonymous.status === 200) return { status: 200, anonymous: true };
    if (anonymous.status !== 401) {
      throw new ExecutorFailure(
        `The registry ${this.options.registry} answered GET /v2/ with ${anonymous.status}: it does not look like an image registry (check the repository option).`,
      );
    }
    if (!this.options.credentials) return { status: 401, anonymous: false };
    const authed = await this.request('GET', '/v2/', {}, 'registry:catalog:*');
    return { status: authed.status, anonymous: false };
  }

  /** The digest a tag (or digest) points at, or undefined when the registry does not have it. */
  async manifestDigest(name: string, reference: string): Promise<string | undefined> {
    const response = await this.request(
      'GET',
      `/v2/${name}/manifests/${reference}`,
      { accept: MANIFEST_ACCEPT },
      `repository:${name}:pull`,
    );
    if (response.status === 404) return undefined;
    if (response.status === 401 || response.status === 403) {
      throw new ExecutorFailure(
        `The registry ${this.options.registry} refused reading ${name}:${reference} (${response.status}): ${CREDENTIALS_HINT}.`,
      );
    }
    if (response.status !== 200) {
      throw new ExecutorFailure(
        `The registry ${this.options.registry} answered ${response.status} for ${name}:${reference}: ${(await response.text()).slice(0, 200).trim()}`,
      );
    }
    const body = Buffer.from(await response.arrayBuffer());
    return (
      response.headers.get('docker-content-digest') ??
      `sha256:${createHash('sha256').update(body).digest('hex')}`
    );
  }

  /**
   * Whether these credentials may push to the repository: opens a blob upload session (POST
   * /v2/<name>/blobs/uploads/) and cancels it at once. Nothing is written.
   */
  async pushAllowed(name: string): Promise<{ allowed: boolean; status: number }> {
    const response = await this.request(
      'POST',
      `/v2/${name}/blobs/uploads/`,
      {},
      `repository:${name}:pull,push`,
    );
    await response.arrayBuffer();
    if (response.status === 202) {
      const location = response.headers.get('location');
      if (location) {
        const cancel = await this.request(
          'DELETE',
          new URL(location, this.base).toString(),
          {},
          `repository:${name}:pull,push`,
        );
        await cancel.arrayBuffer();
      }
      return { allowed: true, status: 202 };
    }
    if ([401, 403, 404, 405].includes(response.status)) return { allowed: false, status: response.status };
    throw new ExecutorFailure(
      `The registry ${this.options.registry} answered ${response.status} when asked to start an upload to ${name}.`,
    );
  }

  private async request(
    method: string,
    path: string,
    headers: Record<string, string>,
    scope: string,
  ): Promise<Response> {
    const cached = this.tokens.get(scope);
    const first = await this.send(method, path, cached ? { ...headers, authorization: cached } : headers);
    if (first.status !== 401 || !this.options.credentials) return first;
    const challenge = parseChallenge(first.headers.get('www-authenticate') ?? '');
    await first.arrayBuffer();
    const authorization = await this.authorize(challenge, scope, this.options.credentials);
    if (!authorization) return this.send(method, path, headers);
    this.tokens.set(scope, authorization);
    return this.send(method, path, { ...headers, authorization });
  }

  private async authorize(
    challenge: { scheme: string; params: Record<string, string> },
    scope: string,
    { username, password }: RegistryCredentials,
  ): Promise<string | undefined> {
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (challenge.scheme === 'basic') return basic;
    if (challenge.scheme !== 'bearer' || !challenge.params['realm']) return undefined;
    const url = new URL(challenge.params['realm']);
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    url.searchParams.set('scope', scope);
    const response = await this.send('GET', url.toString(), { authorization: basic });
    if (response.status !== 200) {
      await response.arrayBuffer();
      throw new ExecutorFailure(
        `The registry's token service (${url.host}) refused the credentials (${response.status}): ${CREDENTIALS_HINT}.`,
      );
    }
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    return token ? `Bearer ${token}` : undefined;
  }

  private async send(method: string, pathOrUrl: string, headers: Record<string, string>): Promise<Response> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.base}${pathOrUrl}`;
    try {
      return await fetch(url, {
        method,
        headers,
        redirect: 'follow',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ExecutorFailure(
        `The registry ${this.options.registry} is not reachable (${why}): check the repository option, the network${this.options.insecure ? '' : ', and that it serves https'}.`,
      );
    }
  }
}

/** Registry credentials from the environment: ATLAS_REGISTRY_USERNAME/PASSWORD, else GitHub's for ghcr.io. */
export function registryCredentials(
  registry: string,
  env: NodeJS.ProcessEnv,
): RegistryCredentials | undefined {
  const username = env['ATLAS_REGISTRY_USERNAME'];
  const password = env['ATLAS_REGISTRY_PASSWORD'];
  if (username && password) return { username, password };
  if (registry === 'ghcr.io' && env['GITHUB_TOKEN'])
    return { username: env['GITHUB_ACTOR'] || 'x-access-token', password: env['GITHUB_TOKEN'] };
  return undefined;
}
