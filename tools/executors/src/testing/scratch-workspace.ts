import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  isolatedNxEnv,
  linkWorkspaceModules,
  nxArgv,
  registerCleanup,
  runProcess,
  workspaceRoot,
  type ProcessResult,
} from '@atlas/runtime';

/** A copy of the workspace's files in a temp folder, runnable: its packages installed, its own Nx state. */
export interface ScratchWorkspace {
  readonly root: string;
  /** Run nx in the copy (its own cache and workspace data, no daemon), without a shell. */
  nx(args: string[], env?: Record<string, string | undefined>, timeoutMs?: number): Promise<ProcessResult>;
  remove(): void;
}

/**
 * The copy's own installs: node_modules linked (the workspace's packages pointing into the copy); the
 * uv the workspace bootstrapped is shared, the .venv is not: a sync in the copy (its pyproject files
 * differ once a generator edited them) would rewrite the scripts of a shared one to paths in the
 * copy. atlas:python-env makes the copy its own from uv's cache.
 */
function linkInstalls(copy: string): void {
  linkWorkspaceModules(copy);
  if (existsSync(join(workspaceRoot, '.tools')))
    symlinkSync(join(workspaceRoot, '.tools'), join(copy, '.tools'), 'dir');
}

/**
 * Copy the files git knows of in the working tree (tracked and untracked, not ignored: what a
 * checkout of this change holds) into a temp folder, with node_modules linked in; its Python
 * environment is its own (atlas:python-env, which its Python tasks depend on, syncs it from uv's
 * cache). The copy is removed by remove(), and on Ctrl-C or SIGTERM.
 */
export async function scratchWorkspace(label: string): Promise<ScratchWorkspace> {
  const listed = await runProcess(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: workspaceRoot,
    echo: false,
    timeoutMs: 60_000,
    tailLines: 1_000_000,
  });
  if (listed.exitCode !== 0)
    throw new Error(`git ls-files failed in ${workspaceRoot}: ${listed.output.trim()}`);
  const parent = mkdtempSync(join(tmpdir(), `atlas-${label}-`));
  // As root, the embedded PostgreSQL of the copy's tasks runs as the postgres user, who must enter it.
  chmodSync(parent, 0o755);
  const root = join(parent, 'atlas');
  const unregister = registerCleanup(() => rmSync(parent, { recursive: true, force: true }));
  const remove = () => {
    rmSync(parent, { recursive: true, force: true });
    unregister();
  };
  try {
    for (const file of listed.output.split('\0').filter(Boolean)) {
      const from = join(workspaceRoot, file);
      // A tracked file deleted in the working tree is not part of the change.
      if (!existsSync(from) || lstatSync(from).isSymbolicLink()) continue;
      mkdirSync(dirname(join(root, file)), { recursive: true });
      copyFileSync(from, join(root, file));
    }
    linkInstalls(root);
  } catch (error) {
    remove();
    throw error;
  }
  return {
    root,
    nx: (args, env = {}, timeoutMs = 600_000) =>
      runProcess(nxArgv(args), {
        cwd: root,
        env: isolatedNxEnv(join(root, '.nx', 'scratch'), {
          NX_ISOLATE_PLUGINS: 'false',
          NX_SKIP_REMOTE_CACHE: 'true',
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: undefined,
          ATLAS_DBT_REFERENCE: undefined,
          ATLAS_DATABASE_URL: undefined,
          FORCE_COLOR: '0',
          ...env,
        }),
        echo: false,
        timeoutMs,
        tailLines: 5000,
      }),
    remove,
  };
}
