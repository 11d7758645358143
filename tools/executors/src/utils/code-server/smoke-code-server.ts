import { runProcess, spawnSupervised, venvBin, type SupervisedProcess } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';
import { fetchServedAssets, missingAssets, type ServedRepositories } from './served-assets.js';
import { stopCodeServer } from './stop-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TAIL_LINES = 20;

export interface CodeServerSmoke {
  /** The command that serves the code location on 127.0.0.1:port (on the host, or inside an image). */
  serverArgv: string[];
  port: number;
  /** The Python module of the Definitions, for the messages. */
  module: string;
  expectedAssets: string[];
  startTimeoutMs: number;
  queryTimeoutMs: number;
  /** Working folder and environment of the server and of the host-side probes. */
  cwd: string;
  env: Record<string, string>;
}

export interface CodeServerSmokeResult {
  served: ServedRepositories;
  servedKeys: string[];
  healthyMs: number;
  servedMs: number;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-TAIL_LINES).join('\n');
}

/** Poll `dagster api grpc-health-check` until it passes, the server exits, or the time is up. */
async function waitHealthy(server: SupervisedProcess, smoke: CodeServerSmoke): Promise<number> {
  const started = Date.now();
  const deadline = started + smoke.startTimeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  for (;;) {
    if (exited) {
      const { exitCode, signal } = await server.exited;
      process.stderr.write(`${lastLines(server.tail())}\n`);
      throw new ExecutorFailure(
        `The code server for ${smoke.module} exited (${exitCode ?? signal}) before it became healthy; its last output is above.`,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const check = await runProcess(
      [venvBin('dagster'), 'api', 'grpc-health-check', '-h', '127.0.0.1', '-p', String(smoke.port)],
      {
        env: smoke.env,
        timeoutMs: Math.max(remaining, 1000),
        echo: false,
      },
    );
    if (check.exitCode === 0) return Date.now() - started;
    await sleep(Math.min(500, Math.max(deadline - Date.now(), 0)));
  }
  process.stderr.write(`${lastLines(server.tail()) || '(the server printed nothing)'}\n`);
  throw new ExecutorFailure(
    `The code server for ${smoke.module} did not pass dagster api grpc-health-check within ${smoke.startTimeoutMs} ms; ` +
      'its last output is above (an import that blocks or is very slow keeps it from serving).',
  );
}

/**
 * Start a code server, wait until it is healthy, ask it over gRPC which assets it serves, check the
 * expected ones are there, and stop it (always, with everything it started). The probes run with the
 * workspace's dagster against the loopback port, so the same check covers a server inside an image.
 */
export async function smokeCodeServer(smoke: CodeServerSmoke): Promise<CodeServerSmokeResult> {
  const started = Date.now();
  const server = spawnSupervised(smoke.serverArgv, {
    cwd: smoke.cwd,
    env: smoke.env,
    echo: false,
    tailLines: 200,
  });
  try {
    const healthyMs = await waitHealthy(server, smoke);
    process.stdout.write(
      `grpc-smoke: code server for ${smoke.module} on 127.0.0.1:${smoke.port} is healthy after ${(healthyMs / 1000).toFixed(1)} s.\n`,
    );
    const served = await fetchServedAssets(smoke.port, {
      cwd: smoke.cwd,
      env: smoke.env,
      timeoutMs: smoke.queryTimeoutMs,
    });
    const servedKeys = [...new Set(Object.values(served.repositories).flat())].sort();
    const missing = missingAssets(served, smoke.expectedAssets);
    if (missing.length > 0) {
      throw new ExecutorFailure(
        `The code server for ${smoke.module} does not serve the expected asset(s) ${missing.join(', ')} ` +
          `(it serves ${servedKeys.length}: ${servedKeys.slice(0, 8).join(', ')}${servedKeys.length > 8 ? ', ...' : ''}); ` +
          'fix the definitions or the expectedAssets option.',
      );
    }
    return { served, servedKeys, healthyMs, servedMs: Date.now() - started };
  } finally {
    await stopCodeServer(server);
  }
}
