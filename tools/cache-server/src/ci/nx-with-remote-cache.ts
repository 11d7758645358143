import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS, startCacheProxy, type CacheProxy } from './cache-proxy.js';
import { renderCacheReport } from './cache-report.js';

/**
 * CI entry point (bin `atlas-nx-ci`): `atlas-nx-ci affected -t lint test build` runs `npx nx ...`
 * so that the remote cache can never stop CI, whenever it fails. The nx client fails the whole
 * run when its cache server is down or answers anything unexpected, and hangs with a server that
 * hangs. So:
 * - before the run, `/health` and the token are probed; when either fails, nx runs without the
 *   remote cache (NX_SKIP_REMOTE_CACHE=true), announced loudly;
 * - during the run, nx talks to a loopback proxy (cache-proxy.ts) that turns every upstream failure
 *   into a miss or a dropped write, with timeouts, and a summary of what failed is printed at the end.
 * The exit status is nx's: the tasks' own.
 */

export type ProbeResult = { ok: true } | { ok: false; reason: string };

export interface CiOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the warnings go (default: process.stderr). */
  stderr?: { write(text: string): unknown };
  cwd?: string;
  /** Command that runs nx (default `npx nx`). */
  nxCommand?: readonly string[];
}

const DEFAULT_PROBE_TIMEOUT_MS = 3000;

/** Ask GET <server>/health; anything but a 200 within the timeout counts as down. */
export async function probeCacheServer(
  serverUrl: string,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  try {
    const response = await fetch(`${serverUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200
      ? { ok: true }
      : { ok: false, reason: `GET /health answered ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    if (name === 'TimeoutError')
      return { ok: false, reason: `no answer from /health within ${timeoutMs} ms` };
    return { ok: false, reason: cause ?? (error as Error).message };
  }
}

/** Check the token against a key that never exists: 404 means the token is accepted. */
async function probeToken(serverUrl: string, token: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await fetch(`${serverUrl}/v1/cache/0`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status === 401)
      return {
        ok: false,
        reason: 'the cache server rejected NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN (401)',
      };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function annotate(
  env: NodeJS.ProcessEnv,
  stderr: NonNullable<CiOptions['stderr']>,
  title: string,
  annotation: string,
  summary: string,
): void {
  if (env['GITHUB_ACTIONS'] === 'true') stderr.write(`::warning title=${title}::${annotation}\n`);
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file) {
    try {
      appendFileSync(file, `> [!WARNING]\n> ${summary}\n\n`);
    } catch {
      // The summary is a convenience; the warning in the log is already out.
    }
  }
}

function loudWarning(
  env: NodeJS.ProcessEnv,
  stderr: NonNullable<CiOptions['stderr']>,
  server: string,
  reason: string,
): void {
  const lines = [
    '',
    '!'.repeat(78),
    `!! REMOTE CACHE UNAVAILABLE: ${server}`,
    `!! ${reason}`,
    '!! Running WITHOUT the remote cache (NX_SKIP_REMOTE_CACHE=true): every task runs',
    '!! locally and nothing is shared. Tell the platform team if this persists.',
    '!'.repeat(78),
    '',
  ];
  stderr.write(`${lines.join('\n')}\n`);
  annotate(
    env,
    stderr,
    'Remote cache unavailable',
    `${server}: ${reason}. This run does not use the remote cache.`,
    `Remote cache unavailable (${reason}); this run did not use it.`,
  );
}

/** A positive number of milliseconds from the environment, else the default. */
function msFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Put the loopback proxy between nx and the server (the env then points nx at the proxy). When
 * the proxy cannot start, nx runs without the remote cache, as for a server that is down.
 */
async function throughProxy(
  env: NodeJS.ProcessEnv,
  stderr: NonNullable<CiOptions['stderr']>,
): Promise<{ proxy: CacheProxy; server: string } | undefined> {
  const server = env['NX_SELF_HOSTED_REMOTE_CACHE_SERVER'] ?? '';
  const timeoutMs = msFromEnv(env, 'ATLAS_CACHE_TIMEOUT_MS', DEFAULT_TIMEOUT_MS);
  try {
    const proxy = await startCacheProxy({
      upstream: server,
      responseTimeoutMs: timeoutMs,
      idleTimeoutMs: timeoutMs,
      breakerCooldownMs: msFromEnv(env, 'ATLAS_CACHE_RETRY_AFTER_MS', 30_000),
      say: (line) => stderr.write(`atlas-nx-ci: ${line}\n`),
    });
    env['NX_SELF_HOSTED_REMOTE_CACHE_SERVER'] = proxy.url;
    // nx's HTTP client honours HTTP(S)_PROXY: the loopback proxy must be reached directly.
    for (const name of ['NO_PROXY', 'no_proxy'])
      env[name] = [env[name], '127.0.0.1'].filter(Boolean).join(',');
    stderr.write(
      `atlas-nx-ci: nx reaches it through ${proxy.url}: a request that fails (${timeoutMs} ms timeouts) is a miss or a dropped write, listed at the end.\n`,
    );
    return { proxy, server };
  } catch (error) {
    loudWarning(env, stderr, server, `the loopback cache proxy did not start: ${(error as Error).message}`);
    env['NX_SKIP_REMOTE_CACHE'] = 'true';
    return undefined;
  }
}

function reportCache(
  env: NodeJS.ProcessEnv,
  stderr: NonNullable<CiOptions['stderr']>,
  server: string,
  proxy: CacheProxy,
): void {
  const report = renderCacheReport(server, proxy.stats());
  stderr.write(`${report.lines.join('\n')}\n`);
  if (report.failed)
    annotate(env, stderr, 'Remote cache failed during the run', report.headline, report.headline);
}

/** Decide the environment nx runs with. Exported for tests. */
export async function remoteCacheEnv(
  options: CiOptions = {},
): Promise<{ env: NodeJS.ProcessEnv; remote: boolean }> {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  const stderr = options.stderr ?? process.stderr;
  const configured = env['NX_SELF_HOSTED_REMOTE_CACHE_SERVER']?.trim();
  if (!configured || env['NX_SKIP_REMOTE_CACHE'] === 'true') {
    stderr.write(
      'atlas-nx-ci: no self-hosted remote cache configured; running nx with its local cache only.\n',
    );
    return { env, remote: false };
  }
  // The nx client appends /v1/cache/... itself; a trailing slash would make it ask for //v1/...
  const server = configured.replace(/\/+$/, '');
  env['NX_SELF_HOSTED_REMOTE_CACHE_SERVER'] = server;
  const rawTimeout = Number(env['ATLAS_CACHE_PROBE_TIMEOUT_MS']);
  const timeoutMs = Number.isFinite(rawTimeout) && rawTimeout > 0 ? rawTimeout : DEFAULT_PROBE_TIMEOUT_MS;

  let probe = await probeCacheServer(server, timeoutMs);
  const token = env['NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN']?.trim();
  if (probe.ok && !token)
    probe = {
      ok: false,
      reason: 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN is empty (a fork pull request has no secrets)',
    };
  if (probe.ok && token) probe = await probeToken(server, token, timeoutMs);
  if (!probe.ok) {
    loudWarning(env, stderr, server, probe.reason);
    env['NX_SKIP_REMOTE_CACHE'] = 'true';
    return { env, remote: false };
  }
  stderr.write(`atlas-nx-ci: remote cache ${server} is up; nx will use it.\n`);
  return { env, remote: true };
}

/** Run nx with the given arguments; resolves with its exit code. */
export async function main(args: readonly string[], options: CiOptions = {}): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const { env, remote } = await remoteCacheEnv(options);
  const cache = remote ? await throughProxy(env, stderr) : undefined;
  const [command, ...prefix] = options.nxCommand ?? ['npx', 'nx'];
  const child = spawn(command ?? 'npx', [...prefix, ...args], { cwd: options.cwd, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onTerm = forward('SIGTERM');
  const onInt = forward('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    return await new Promise<number>((resolveExit) => {
      child.once('error', (error) => {
        stderr.write(`atlas-nx-ci: cannot start ${command}: ${error.message}\n`);
        resolveExit(127);
      });
      child.once('close', (code, signal) => resolveExit(code ?? (signal === 'SIGINT' ? 130 : 143)));
    });
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    if (cache) {
      await cache.proxy.close();
      reportCache(env, stderr, cache.server, cache.proxy);
    }
  }
}
