import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess, workspaceRoot, type ProcessResult } from '@atlas/executors/runtime';

/**
 * Environment for nx inside a scratch clone: its own cache and workspace data (Nx otherwise shares its
 * local cache between clones on one machine), no daemon, no cloud, no TUI, nothing of an outer nx run.
 */
export function nxEnv(
  clone: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const inherited = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.startsWith('NX_'))
      .map((k) => [k, undefined]),
  );
  return {
    ...inherited,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    NX_CACHE_DIRECTORY: join(clone, '.nx', 'bench-cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(clone, '.nx', 'bench-workspace-data'),
    ...extra,
  };
}

/** The nx CLI of the workspace as a node argv (no shell, no npx resolution per call). */
export function nxArgv(args: string[]): string[] {
  const nxRoot = join(workspaceRoot, 'node_modules', 'nx');
  const manifest = JSON.parse(readFileSync(join(nxRoot, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin['nx'];
  if (!bin) throw new Error('node_modules/nx/package.json declares no nx bin: run `npm ci`.');
  return [process.execPath, join(nxRoot, bin), ...args];
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
