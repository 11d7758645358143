/**
 * Turns the terminal output of an `nx affected` / `nx run-many` run into a Markdown job summary:
 * every task with where its result came from (ran, local cache, remote cache), and the totals.
 */
import { stripVTControlCharacters } from 'node:util';

// Nx colours its output; the summary reads the plain text (stripVTControlCharacters).
export type TaskSource = 'ran' | 'local cache' | 'remote cache';

export interface TaskLine {
  task: string;
  source: TaskSource;
}

const TASK_LINE =
  /^\s*>\s+nx run (\S+?)(?:\s+\[(local cache|remote cache|existing outputs match the cache, left as is)\])?\s*$/;

export function parseNxRun(log: string): TaskLine[] {
  const tasks = new Map<string, TaskSource>();
  for (const raw of log.split('\n')) {
    const match = TASK_LINE.exec(stripVTControlCharacters(raw));
    if (!match?.[1]) continue;
    const tag = match[2];
    tasks.set(match[1], tag === undefined ? 'ran' : tag === 'remote cache' ? 'remote cache' : 'local cache');
  }
  return [...tasks].map(([task, source]) => ({ task, source }));
}

export function renderSummary(tasks: TaskLine[]): string {
  if (tasks.length === 0) return '### Nx\n\nNo task was affected by this change.\n';
  const count = (source: TaskSource) => tasks.filter((t) => t.source === source).length;
  const lines = [
    '### Nx tasks',
    '',
    `${tasks.length} tasks: ${count('ran')} ran, ${count('remote cache')} from the remote cache, ${count('local cache')} from the local cache.`,
    '',
    '| task | result from |',
    '| --- | --- |',
    ...tasks.map((t) => `| \`${t.task}\` | ${t.source} |`),
  ];
  return lines.join('\n') + '\n';
}
