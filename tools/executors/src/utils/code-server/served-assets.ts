import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, venvBin } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';

const CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'served_assets.py');

export interface ServedRepositories {
  location: string;
  /** Repository name → asset keys it serves, as "a/b" strings. */
  repositories: Record<string, string[]>;
}

/** Ask the running code server (over gRPC, not by importing the module again) which assets it serves. */
export async function fetchServedAssets(
  port: number,
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<ServedRepositories> {
  const result = await runProcess([venvBin('python'), CLIENT, '127.0.0.1', String(port)], {
    ...options,
    echo: false,
    tailLines: 60,
  });
  if (result.timedOut) {
    throw new ExecutorFailure(
      `The code server on port ${port} did not list its repository within ${options.timeoutMs} ms: its definitions load too slowly or hang.`,
    );
  }
  const lines = result.output.trim().split('\n');
  if (result.exitCode !== 0) {
    const cause =
      lines.filter((l) => /^[\w.]*(Error|Exception)\w*: /.test(l.trim())).at(-1) ?? lines.at(-1) ?? '';
    throw new ExecutorFailure(
      `The code server on port ${port} could not serve its repository: ${cause.trim().replace(/^(?:[a-z_]\w*\.)+/, '')}`,
    );
  }
  return JSON.parse(lines.at(-1) ?? '{}') as ServedRepositories;
}

/** Expected keys the server does not serve (in any of its repositories). */
export function missingAssets(served: ServedRepositories, expected: string[]): string[] {
  const all = new Set(Object.values(served.repositories).flat());
  return expected.filter((key) => !all.has(key));
}
