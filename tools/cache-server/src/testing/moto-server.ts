import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { findFreePort, spawnSupervised, workspaceRoot } from '@atlas/runtime';

/**
 * moto's standalone server (moto[server] from PyPI, pinned) as a real S3-compatible endpoint on
 * loopback, run through `uv tool run` with its tool folder inside the test's temp folder.
 */
export const MOTO_VERSION = '5.2.5';

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

function findUv(): string {
  try {
    execFileSync('uv', ['--version'], { stdio: 'ignore' });
    return 'uv';
  } catch {
    const local = join(workspaceRoot, '.tools', 'uv', 'bin', 'uv');
    if (existsSync(local)) return local;
    throw new Error(
      'uv not found on PATH nor in .tools/uv: run `node tools/scripts/python-env.mjs` first (it bootstraps uv).',
    );
  }
}

export async function startMotoServer(tempDir: string): Promise<MotoServer> {
  const port = await findFreePort();
  const proc = spawnSupervised(
    [
      findUv(),
      'tool',
      'run',
      '--from',
      `moto[server]==${MOTO_VERSION}`,
      'moto_server',
      '-H',
      '127.0.0.1',
      '-p',
      String(port),
    ],
    {
      env: {
        UV_TOOL_DIR: join(tempDir, 'uv-tools'),
        UV_TOOL_BIN_DIR: join(tempDir, 'uv-bin'),
        PYTHONUNBUFFERED: '1',
      },
      echo: false,
      label: 'moto',
      killGraceMs: 3000,
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      break;
    } catch {
      const exited = await Promise.race([
        proc.exited,
        new Promise<null>((r) => setTimeout(() => r(null), 250)),
      ]);
      if (exited)
        throw new Error(`moto_server exited before answering (code ${exited.exitCode}):\n${exited.output}`);
      if (Date.now() > deadline) {
        await proc.stop();
        throw new Error(`moto_server did not answer on ${endpoint} within 120 s:\n${proc.tail()}`);
      }
    }
  }
  return { endpoint, stop: () => proc.stop() };
}
