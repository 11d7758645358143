import { runProcess } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';

export interface GitOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Standard input is not needed by any command used here; outputs are small. */
  timeoutMs?: number;
}

export interface GitResult {
  ok: boolean;
  output: string;
}

/** Run git (argv only) and return its outcome; never throws for a non-zero exit. */
export async function tryGit(args: string[], options: GitOptions = {}): Promise<GitResult> {
  const result = await runProcess(['git', ...args], {
    cwd: options.cwd,
    env: { GIT_TERMINAL_PROMPT: '0', ...options.env },
    timeoutMs: options.timeoutMs ?? 120_000,
    echo: false,
    tailLines: 400,
  });
  return { ok: result.exitCode === 0, output: result.output.trim() };
}

/** The git subcommand in an argv, past global options such as --git-dir <dir> and -c <key=value>. */
export function subcommand(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (['--git-dir', '--work-tree', '-c', '-C'].includes(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return args[0] ?? '';
}

/** Run git and return its trimmed output; a failure becomes one line naming the command and git's last words. */
export async function git(args: string[], options: GitOptions = {}): Promise<string> {
  const result = await tryGit(args, options);
  if (!result.ok) {
    const last = result.output.split('\n').filter(Boolean).at(-1) ?? 'no output';
    throw new ExecutorFailure(`git ${subcommand(args)} failed: ${last}`);
  }
  return result.output;
}
