import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { findFreePort, registerCleanup, venvBin } from '@atlas/runtime';
import { failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { normalizeOptions } from './lib/normalize-options.js';
import { smokeCodeServer } from '../../utils/code-server/smoke-code-server.js';
import type { GrpcSmokeExecutorSchema } from './schema.js';

export default async function grpcSmokeExecutor(
  rawOptions: GrpcSmokeExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-grpc-smoke-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  try {
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context));
    const port = await findFreePort();
    const { served, servedKeys, healthyMs, servedMs } = await smokeCodeServer({
      serverArgv: [
        venvBin('dagster'),
        'api',
        'grpc',
        '-m',
        options.module,
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
      ],
      port,
      module: options.module,
      expectedAssets: options.expectedAssets,
      startTimeoutMs: options.startTimeoutMs,
      queryTimeoutMs: options.queryTimeoutMs,
      cwd: options.cwd,
      env: { ...options.env, DAGSTER_HOME: scratch, PYTHONDONTWRITEBYTECODE: '1' },
    });
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
    removeScratch();
    unregister();
  }
}
