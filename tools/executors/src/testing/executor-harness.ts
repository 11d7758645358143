import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { vi } from 'vitest';

/** A temporary workspace holding one project at `projectRoot`, for running an executor against it. */
export function scratchWorkspace(prefix: string): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Copy a fixture folder into a scratch workspace. */
export function copyFixture(from: string, workspaceRoot: string, to: string): void {
  cpSync(from, join(workspaceRoot, to), { recursive: true, filter: (src) => !src.includes('__pycache__') });
}

/** The smallest context Nx hands an executor: workspace root and the running project's root. */
export function executorContext(
  workspaceRoot: string,
  projectName: string,
  projectRoot: string,
): ExecutorContext {
  return {
    root: workspaceRoot,
    cwd: workspaceRoot,
    isVerbose: false,
    projectName,
    targetName: 'test',
    projectsConfigurations: { version: 2, projects: { [projectName]: { root: projectRoot } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as unknown as ExecutorContext;
}

/** Collect what a block writes to stdout and stderr (still passing it through is not needed in tests). */
export async function captureOutput<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { result: await fn(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Entries of the system temp folder whose name starts with a prefix (to prove nothing is left behind). */
/**
 * Points TMPDIR (and so os.tmpdir()) at a folder of the suite's own, so "nothing left in the temp
 * folder" is exact even when other tasks that use the same prefixes run beside the suite. `restore`
 * gives TMPDIR back, removes the folder and returns what was left in it.
 */
export function privateTmpdir(prefix: string): { path: string; restore(): string[] } {
  const outer = process.env['TMPDIR'];
  const path = mkdtempSync(join(tmpdir(), prefix));
  // Readable by others, as /tmp is: a process run as another user may be given files in there.
  chmodSync(path, 0o755);
  process.env['TMPDIR'] = path;
  return {
    path,
    restore() {
      const left = readdirSync(path).sort();
      if (outer === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = outer;
      rmSync(path, { recursive: true, force: true });
      return left;
    },
  };
}

export function tempEntries(prefix: string): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(prefix))
    .sort();
}

/** Process ids in this process's session whose command line mentions a marker (Linux /proc). */
export function processesMentioning(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker) && Number(entry) !== process.pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * The processes still mentioning marker once they had timeoutMs to end, each as `<pid> <command
 * line>`: what a run leaves to finish after it returns (Nx's plugin workers, a watchdog cleaning up
 * outside the run's process tree) gets that long; anything still there is left behind.
 */
export async function processesLeftAfter(marker: string, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = processesMentioning(marker);
    if (found.length === 0 || Date.now() > deadline)
      return found.map((pid) => {
        try {
          return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`;
        } catch {
          return String(pid);
        }
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type ExecutorImplementation = (options: never, context: ExecutorContext) => Promise<{ success: boolean }>;

/**
 * Run one of this package's executors by its name in executors.json, loaded the way Nx loads it. A spec
 * that needs another executor's work done first (a built image before a publish) goes through here, so
 * no executor folder imports another.
 */
export async function runExecutorByName(
  name: string,
  options: Record<string, unknown>,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const packageRoot = join(import.meta.dirname, '..', '..');
  const { executors } = JSON.parse(readFileSync(join(packageRoot, 'executors.json'), 'utf8')) as {
    executors: Record<string, { implementation: string }>;
  };
  const entry = executors[name];
  if (!entry) throw new Error(`executors.json has no executor "${name}".`);
  const module = (await import(join(packageRoot, entry.implementation))) as {
    default: ExecutorImplementation;
  };
  return module.default(options as never, context);
}
