import { spawn, type ChildProcess } from 'node:child_process';
import { registerCleanup } from './cleanup.js';

export interface ProcessOptions {
  cwd?: string;
  /** Extra variables on top of process.env (a value of undefined removes the variable). */
  env?: Record<string, string | undefined>;
  /** Kill the whole process tree after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  /** Stream the child's output to this process's stdout/stderr (default true). */
  echo?: boolean;
  /** Prefix for echoed lines, e.g. "dbt". */
  label?: string;
  /** How many trailing output lines to keep for error messages (default 200). */
  tailLines?: number;
  /** Grace period between SIGTERM and SIGKILL when stopping (default 5000 ms). */
  killGraceMs?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last lines the process wrote to stdout and stderr, interleaved. */
  output: string;
}

export interface SupervisedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the direct child has exited. */
  readonly exited: Promise<ProcessResult>;
  /** The trailing output seen so far. */
  tail(): string;
  /** Stop the whole process group: SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

function childEnv(extra: ProcessOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Terminate every process in the group; resolves once none is left. */
export async function killProcessGroup(pgid: number, graceMs = 5000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    while (groupAlive(pgid)) await sleep(20);
  }
}

class OutputTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  text(): string {
    return [...this.lines, this.partial].filter((l, i, all) => i < all.length - 1 || l !== '').join('\n');
  }
}

/**
 * Start a process from an argv array (never a shell string) in its own process group, so that
 * stopping it also stops everything it started.
 */
export function spawnSupervised(argv: readonly string[], options: ProcessOptions = {}): SupervisedProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error('spawnSupervised needs a non-empty argv.');
  const echo = options.echo ?? true;
  const tail = new OutputTail(options.tailLines ?? 200);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = options.label ? `[${options.label}] ` : '';
  const forward = (target: NodeJS.WriteStream) => (data: Buffer) => {
    const text = data.toString('utf8');
    tail.push(text);
    if (echo) target.write(prefix ? text.replace(/^(?=.)/gm, prefix) : text);
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));

  let timedOut = false;
  let stopping: Promise<void> | undefined;
  const pid = child.pid;
  const stop = (): Promise<void> => {
    if (pid === undefined) return Promise.resolve();
    stopping ??= killProcessGroup(pid, options.killGraceMs ?? 5000);
    return stopping;
  };
  const unregister = registerCleanup(stop);

  const exited = new Promise<ProcessResult>((resolveExit) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('close', (exitCode, signal) => {
      if (spawnError) tail.push(`${command}: ${spawnError.message}\n`);
      // Reap anything the child left running in its group before reporting.
      void (pid !== undefined && groupAlive(pid) ? stop() : Promise.resolve()).finally(() => {
        unregister();
        resolveExit({ exitCode: spawnError ? null : exitCode, signal, timedOut, output: tail.text() });
      });
    });
  });

  if (options.timeoutMs !== undefined) {
    const timer = setTimeout(() => {
      timedOut = true;
      void stop();
    }, options.timeoutMs);
    timer.unref();
    void exited.finally(() => clearTimeout(timer));
  }

  return {
    pid: pid ?? -1,
    child,
    exited,
    tail: () => tail.text(),
    stop,
  };
}

/** Run a process to completion (argv only) with streamed output, a timeout and whole-tree kill. */
export function runProcess(argv: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return spawnSupervised(argv, options).exited;
}
