import type { ProxyStats } from './cache-proxy.js';

/** How many failed requests the summary lists one by one. */
const LISTED = 20;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function worked(stats: ProxyStats): string {
  return [
    plural(stats.hits, 'hit'),
    plural(stats.misses, 'miss', 'misses'),
    `${stats.stored} stored`,
    `${stats.exists} already there`,
    `${stats.readOnly} refused for a read-only token`,
  ].join(', ');
}

export interface CacheReport {
  /** True when any request failed or was skipped: the summary is then a loud block. */
  failed: boolean;
  lines: string[];
  /** One line for a CI annotation or a job summary. */
  headline: string;
}

/** What the remote cache did during the run, for the end of the log. */
export function renderCacheReport(server: string, stats: ProxyStats): CacheReport {
  const reads = stats.failures.filter((f) => f.method === 'GET').length + stats.skipped.GET;
  const writes = stats.failures.filter((f) => f.method === 'PUT').length + stats.skipped.PUT;
  if (reads + writes === 0) {
    const headline = `remote cache ${server}: ${worked(stats)}; no request failed.`;
    return { failed: false, lines: [`atlas-nx-ci: ${headline}`], headline };
  }
  const headline = `${plural(reads + writes, 'request')} to the remote cache ${server} failed (${plural(reads, 'read')} became misses, ${plural(writes, 'write')} dropped); the tasks ran locally and the exit status is theirs.`;
  const bar = '!'.repeat(78);
  const lines = [
    '',
    bar,
    `!! REMOTE CACHE FAILED DURING THE RUN: ${server}`,
    `!! ${plural(reads, 'read')} became misses (those tasks ran here), ${plural(writes, 'write')} were dropped (nothing was stored for them).`,
    "!! The run went on without them; its exit status is the tasks' own.",
    ...stats.failures.slice(0, LISTED).map((f) => `!!   ${f.method} ${f.hash}: ${f.reason} (${f.ms} ms)`),
    ...(stats.failures.length > LISTED
      ? [`!!   ... and ${stats.failures.length - LISTED} more failed requests`]
      : []),
    ...(stats.skipped.GET + stats.skipped.PUT > 0
      ? [
          `!!   not sent while the cache was failing: ${plural(stats.skipped.GET, 'read')}, ${plural(stats.skipped.PUT, 'write')}`,
        ]
      : []),
    `!! What worked: ${worked(stats)}.`,
    bar,
    '',
  ];
  return { failed: true, lines, headline };
}
