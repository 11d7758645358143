import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import {
  ExecutorFailure,
  failExecutor,
  findFreePort,
  projectRootOf,
  registerCleanup,
  runProcess,
  spawnSupervised,
  venvBin,
  type SupervisedProcess,
} from '../../runtime/index.js';
import { normalizeOptions, type NormalizedGrpcSmokeOptions } from './lib/normalize-options.js';
import { fetchServedAssets, missingAssets } from './lib/served-assets.js';
import { stopCodeServer } from './lib/stop-server.js';
import type { GrpcSmokeExecutorSchema } from './schema.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TAIL_LINES = 20;

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-TAIL_LINES).join('\n');
}

/** Poll `dagster api grpc-health-check` until it passes, the server exits, or the time is up. */
async function waitHealthy(server: SupervisedProcess, port: number, options: NormalizedGrpcSmokeOptions, env: Record<string, string>): Promise<number> {
  const started = Date.now();
  const deadline = started + options.startTimeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  for (;;) {
    if (exited) {
      const { exitCode, signal } = await server.exited;
      process.stderr.write(`${lastLines(server.tail())}\n`);
      throw new ExecutorFailure(
        `The code server for ${options.module} exited (${exitCode ?? signal}) before it became healthy; its last output is above.`,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const check = await runProcess([venvBin('dagster'), 'api', 'grpc-health-check', '-h', '127.0.0.1', '-p', String(port)], {
      env,
      timeoutMs: Math.max(remaining, 1000),
      echo: false,
    });
    if (check.exitCode === 0) return Date.now() - started;
    await sleep(Math.min(500, Math.max(deadline - Date.now(), 0)));
  }
  process.stderr.write(`${lastLines(server.tail()) || '(the server printed nothing)'}\n`);
  throw new ExecutorFailure(
    `The code server for ${options.module} did not pass dagster api grpc-health-check within ${options.startTimeoutMs} ms; ` +
      'its last output is above (an import that blocks or is very slow keeps it from serving).',
  );
}

export default async function grpcSmokeExecutor(rawOptions: GrpcSmokeExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-grpc-smoke-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  let server: SupervisedProcess | undefined;
  try {
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context));
    const env = { ...options.env, DAGSTER_HOME: scratch, PYTHONDONTWRITEBYTECODE: '1' };
    const port = await findFreePort();
    const started = Date.now();
    server = spawnSupervised([venvBin('dagster'), 'api', 'grpc', '-m', options.module, '-h', '127.0.0.1', '-p', String(port)], {
      cwd: options.cwd,
      env,
      echo: false,
      tailLines: 200,
    });
    const healthyMs = await waitHealthy(server, port, options, env);
    process.stdout.write(`grpc-smoke: code server for ${options.module} on 127.0.0.1:${port} is healthy after ${(healthyMs / 1000).toFixed(1)} s.\n`);

    const served = await fetchServedAssets(port, { cwd: options.cwd, env, timeoutMs: options.queryTimeoutMs });
    const servedKeys = [...new Set(Object.values(served.repositories).flat())].sort();
    const missing = missingAssets(served, options.expectedAssets);
    if (missing.length > 0) {
      throw new ExecutorFailure(
        `The code server for ${options.module} does not serve the expected asset(s) ${missing.join(', ')} ` +
          `(it serves ${servedKeys.length}: ${servedKeys.slice(0, 8).join(', ')}${servedKeys.length > 8 ? ', ...' : ''}); ` +
          'fix the definitions or the expectedAssets option.',
      );
    }
    const servedMs = Date.now() - started;
    mkdirSync(dirname(options.reportFile), { recursive: true });
    writeFileSync(
      options.reportFile,
      `${JSON.stringify({ module: options.module, expectedAssets: options.expectedAssets, repositories: served.repositories, healthyMs, servedMs }, null, 2)}\n`,
    );
    process.stdout.write(
      `grpc-smoke: serves ${servedKeys.length} assets in ${Object.keys(served.repositories).length} repository; ` +
        `all ${options.expectedAssets.length} expected assets present (${(servedMs / 1000).toFixed(1)} s from start).\n`,
    );
    return { success: true };
  } catch (error) {
    return failExecutor('grpc-smoke', error);
  } finally {
    if (server) await stopCodeServer(server);
    removeScratch();
    unregister();
  }
}
