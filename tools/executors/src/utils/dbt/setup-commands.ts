import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';

/** npx flags that come before the program name. */
const NPX_FLAGS = new Set([
  '--no',
  '--no-install',
  '--yes',
  '-y',
  '--quiet',
  '-q',
  '--prefer-offline',
  '--offline',
]);

const show = (argv: readonly string[]) => argv.join(' ');

/**
 * The program `npx` would run, when it should be a bin of the workspace itself. npx would otherwise go
 * to the registry for a missing name, or fail with npm's vague "could not determine executable to run".
 */
function npxProgram(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'npx') return undefined;
  return argv.slice(1).find((arg) => !NPX_FLAGS.has(arg));
}

/** Refuse setup commands that cannot start, before a database is started for them. */
export function checkSetupCommands(commands: readonly (readonly string[])[], workspaceRoot: string): void {
  for (const argv of commands) {
    const program = npxProgram(argv);
    if (
      program &&
      !program.startsWith('-') &&
      !existsSync(join(workspaceRoot, 'node_modules', '.bin', program))
    ) {
      throw new ExecutorFailure(
        `Setup command \`${show(argv)}\`: ${program} is not in node_modules/.bin; if it is a workspace package's bin, run \`npm install\` at the workspace root.`,
      );
    }
  }
}

/**
 * Run each setup command in turn from the workspace root with ATLAS_DATABASE_URL pointing at the run's
 * database (migrations and fixture loads, so the models have sources and rows). The first failure
 * stops the run, naming the command; its output was streamed above.
 */
export async function runSetupCommands(
  commands: readonly (readonly string[])[],
  databaseUrl: string,
  options: {
    workspaceRoot: string;
    timeoutMs: number;
    kind?: 'setup' | 'check';
    env?: Record<string, string>;
  },
): Promise<void> {
  const kind = options.kind ?? 'setup';
  const what = kind === 'setup' ? 'Setup command' : 'Check';
  for (const argv of commands) {
    process.stdout.write(`\n> ${show(argv)}\n`);
    const result = await runProcess(argv, {
      cwd: options.workspaceRoot,
      env: { ...options.env, ATLAS_DATABASE_URL: databaseUrl },
      timeoutMs: options.timeoutMs,
      label: kind,
    });
    if (result.timedOut) {
      throw new ExecutorFailure(
        `${what} \`${show(argv)}\` did not finish within ${options.timeoutMs / 1000} s and was stopped; raise timeoutMs or fix the command.`,
      );
    }
    if (result.exitCode !== 0) {
      const last = result.output.trim().split('\n').at(-1)?.trim();
      throw new ExecutorFailure(
        `${what} \`${show(argv)}\` failed (exit ${result.exitCode ?? result.signal})${last ? `: ${last}` : ''}`,
      );
    }
  }
}
