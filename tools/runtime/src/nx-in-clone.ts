import { join } from 'node:path';
import { isolatedNxEnv, nxArgv } from './nx-cli.js';
import { runProcess, type ProcessResult } from './process.js';

/** Environment for nx inside a scratch clone: its own cache and workspace data, plain output. */
export function nxEnv(
  clone: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return isolatedNxEnv(join(clone, '.nx', 'scratch'), { FORCE_COLOR: '0', ...extra });
}

export async function runNx(
  clone: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; echo?: boolean; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return runProcess(nxArgv(args), {
    cwd: clone,
    env: nxEnv(clone, options.env),
    echo: options.echo ?? false,
    timeoutMs: options.timeoutMs ?? 300_000,
    tailLines: 5000,
  });
}

/** Run nx and fail with its last lines when it does not exit 0. */
export async function nxOk(
  clone: string,
  args: string[],
  options: Parameters<typeof runNx>[2] = {},
): Promise<string> {
  const result = await runNx(clone, args, options);
  if (result.exitCode !== 0) {
    throw new Error(
      `nx ${args.join(' ')} exited ${result.exitCode}: ${result.output.trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
  return result.output;
}
