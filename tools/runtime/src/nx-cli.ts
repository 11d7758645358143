import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './workspace.js';

/** The workspace's own nx CLI (the bin its package.json declares) as a node argv: no shell, no npx. */
export function nxArgv(args: readonly string[]): string[] {
  const nxRoot = join(workspaceRoot, 'node_modules', 'nx');
  const manifest = JSON.parse(readFileSync(join(nxRoot, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin['nx'];
  if (!bin) throw new Error('node_modules/nx/package.json declares no nx bin: run `npm ci`.');
  return [process.execPath, join(nxRoot, bin), ...args];
}

/**
 * Environment for nx in another checkout (a scratch clone): its own local cache and workspace data
 * under `stateDir` (Nx otherwise shares state between clones of one repository on a machine), no
 * daemon, no cloud, no TUI, and nothing of an outer nx run this process may itself be a task of.
 */
export function isolatedNxEnv(
  stateDir: string,
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
    NX_CACHE_DIRECTORY: join(stateDir, 'cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(stateDir, 'workspace-data'),
    ...extra,
  };
}
