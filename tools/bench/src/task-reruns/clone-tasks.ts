import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runProcess } from '@atlas/runtime';
import type { TaskFacts } from './task-hashes.js';

/** Every task of `nx run-many -t <targets>` in a clone with its hash (task-hashes.ts run there: Nx's own hasher). */
export async function taskHashes(clone: string, targets: string[]): Promise<Record<string, TaskFacts>> {
  const result = await runProcess(
    [
      process.execPath,
      '--import',
      'tsx',
      join(clone, 'tools/bench/src/task-reruns/task-hashes.ts'),
      ...targets,
    ],
    {
      cwd: clone,
      env: {
        NX_DAEMON: 'false',
        NX_ISOLATE_PLUGINS: 'false',
        NX_WORKSPACE_DATA_DIRECTORY: join(clone, '.nx', 'bench', 'workspace-data'),
        ATLAS_DBT_REFERENCE: undefined,
      },
      echo: false,
      timeoutMs: 600_000,
      tailLines: 100_000,
    },
  );
  const line = result.output
    .trim()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  if (result.exitCode !== 0 || !line)
    throw new Error(`task-hashes failed: ${result.output.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(line) as Record<string, TaskFacts>;
}

/**
 * Digest of the files under a task's output folders that a reader's `dependentTasksOutputFiles` glob
 * takes (`**\/*`, or `**\/<name>`), as that reader's hash sees them.
 */
export function outputDigest(clone: string, facts: TaskFacts, glob = '**/*'): string {
  const hash = createHash('sha256');
  const name = glob.startsWith('**/') && !glob.includes('*', 3) ? glob.slice(3) : undefined;
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else if (!name || path.endsWith(`/${name}`))
      hash.update(relative(clone, path)).update(readFileSync(path));
  };
  for (const output of facts.outputs) walk(join(clone, output));
  return hash.digest('hex');
}
