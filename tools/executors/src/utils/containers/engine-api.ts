import { request } from 'node:http';

/** What an engine that speaks the Docker API says about itself (GET /version). */
export interface EngineVersion {
  /** "Docker" or "podman", from the engine's components. */
  name: string;
  version: string;
  apiVersion: string;
}

interface VersionBody {
  Version?: string;
  ApiVersion?: string;
  Components?: Array<{ Name?: string; Version?: string }>;
}

/** One GET against a Docker-API unix socket: status and body, or undefined when nothing answers. */
export function engineGet(
  socketPath: string,
  path: string,
  timeoutMs = 2000,
): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** The engine behind a Docker-API unix socket, or undefined when none answers there. */
export async function engineVersion(
  socketPath: string,
  timeoutMs = 2000,
): Promise<EngineVersion | undefined> {
  const answer = await engineGet(socketPath, '/version', timeoutMs);
  if (!answer || answer.status !== 200) return undefined;
  try {
    const body = JSON.parse(answer.body) as VersionBody;
    const podman = body.Components?.find((c) => /podman/i.test(c.Name ?? ''));
    return {
      name: podman ? 'podman' : 'Docker',
      version: podman?.Version ?? body.Version ?? '?',
      apiVersion: body.ApiVersion ?? '?',
    };
  } catch {
    return undefined;
  }
}

/** Whether the engine holds an image under this reference (GET /images/<ref>/json). */
export async function engineHasImage(socketPath: string, reference: string): Promise<boolean> {
  const answer = await engineGet(socketPath, `/images/${encodeURIComponent(reference)}/json`, 30_000);
  return answer?.status === 200;
}

/** The image store a podman engine serves (its libpod API; a Docker engine has none). */
export interface EngineStore {
  driver: string;
  graphRoot: string;
  runRoot: string;
}

/** The store behind a podman engine's socket, or undefined for an engine without the libpod API. */
export async function engineStore(socketPath: string): Promise<EngineStore | undefined> {
  const answer = await engineGet(socketPath, '/v4.0.0/libpod/info', 30_000);
  if (answer?.status !== 200) return undefined;
  try {
    const store = (JSON.parse(answer.body) as { store?: Record<string, unknown> }).store;
    const [driver, graphRoot, runRoot] = [
      store?.['graphDriverName'],
      store?.['graphRoot'],
      store?.['runRoot'],
    ];
    return typeof driver === 'string' && typeof graphRoot === 'string' && typeof runRoot === 'string'
      ? { driver, graphRoot, runRoot }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The unix socket path of a DOCKER_HOST value, or undefined for another transport (tcp://, ssh://). */
export function unixSocketOf(dockerHost: string): string | undefined {
  return dockerHost.startsWith('unix://') ? dockerHost.slice('unix://'.length) : undefined;
}

/** How an engine is shown in one line: `podman 4.3.1 (Docker API 1.41)`. */
export const describeEngine = (engine: EngineVersion): string =>
  `${engine.name} ${engine.version} (Docker API ${engine.apiVersion})`;
