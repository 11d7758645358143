import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { registerCleanup } from './cleanup.js';
import { runProcess } from './process.js';
import { workspaceRoot } from './workspace.js';

/** A clone of the workspace's committed HEAD in a temp folder, with the installed node_modules linked in. */
export interface ScratchClone {
  readonly root: string;
  git(args: string[]): Promise<string>;
  remove(): void;
}

const IDENTITY = [
  '-c',
  'user.email=clone@atlas.invalid',
  '-c',
  'user.name=Atlas scratch clone',
  '-c',
  'commit.gpgsign=false',
];

/**
 * `link` symlinks the installed node_modules (enough for the project graph); `workspace` links every
 * installed package but the workspace's own, which (with their bins) point into the clone, so the
 * clone's tasks run the clone's code, and links the root .venv; `npm-ci` installs the clone's own, for
 * runs that lint, test and build everything.
 */
export type CloneInstall = 'link' | 'workspace' | 'npm-ci';

/**
 * node_modules for a clone or copy of the workspace: every installed package linked, except the
 * workspace's own (and their bins), which point into the clone, so its tasks run the clone's code.
 */
export function linkWorkspaceModules(clone: string): void {
  const installed = join(workspaceRoot, 'node_modules');
  const modules = join(clone, 'node_modules');
  mkdirSync(modules);
  const inClone = (path: string) => {
    const real = realpathSync(path);
    return real.startsWith(`${workspaceRoot}/`) && !real.startsWith(`${installed}/`)
      ? join(clone, relative(workspaceRoot, real))
      : real;
  };
  for (const entry of readdirSync(installed)) {
    const from = join(installed, entry);
    if (entry === '.bin' || entry.startsWith('@')) {
      mkdirSync(join(modules, entry));
      for (const inner of readdirSync(from)) {
        try {
          symlinkSync(inClone(join(from, inner)), join(modules, entry, inner));
        } catch {
          // A dangling link of the installed tree (an optional package of another platform): skip it.
        }
      }
    } else symlinkSync(from, join(modules, entry));
  }
}

/** `commit` pins the clone to that commit (default: the workspace's HEAD when cloned). */
export async function cloneWorkspace(
  label: string,
  install: CloneInstall = 'link',
  commit?: string,
): Promise<ScratchClone> {
  if (!existsSync(join(workspaceRoot, 'node_modules', 'nx'))) {
    throw new Error('node_modules/nx is missing: run `npm ci` at the workspace root first.');
  }
  const parent = mkdtempSync(join(tmpdir(), `atlas-clone-${label}-`));
  // mkdtemp makes it private (0700); as root, the embedded PostgreSQL of the clone's tests runs its
  // binaries as the postgres user, which must be able to enter it.
  chmodSync(parent, 0o755);
  const root = join(parent, 'atlas');
  // Removed on Ctrl-C or SIGTERM too: a clone with its node_modules is about 2 GB.
  const unregister = registerCleanup(() => rmSync(parent, { recursive: true, force: true }));
  const remove = () => {
    rmSync(parent, { recursive: true, force: true });
    unregister();
  };
  const git = async (args: string[], cwd = root): Promise<string> => {
    const result = await runProcess(['git', ...IDENTITY, ...args], { cwd, echo: false, timeoutMs: 120_000 });
    if (result.exitCode !== 0)
      throw new Error(`git ${args.join(' ')} failed: ${result.output.trim().split('\n').at(-1) ?? ''}`);
    return result.output;
  };
  try {
    await git(['clone', '-q', workspaceRoot, root], parent);
    if (commit) await git(['checkout', '-q', '--detach', commit]);
    if (install === 'link') {
      symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    } else if (install === 'workspace') {
      linkWorkspaceModules(root);
      if (existsSync(join(workspaceRoot, '.venv')))
        symlinkSync(join(workspaceRoot, '.venv'), join(root, '.venv'), 'dir');
    } else {
      const npm = await runProcess(['npm', 'ci', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: root,
        echo: false,
        timeoutMs: 1_800_000,
      });
      if (npm.exitCode !== 0)
        throw new Error(`npm ci failed in ${root}: ${npm.output.trim().split('\n').at(-1) ?? ''}`);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { root, git: (args) => git(args), remove };
}
