import { describe, expect, it } from 'vitest';
import { parseNxRun, renderSummary } from './nx-run-summary.js';

const LOG = [
  '',
  '   ✔  nx run executors:lint  [local cache]',
  '\u001b[2m> \u001b[22mnx run executors:lint  [local cache]',
  '> nx run website:build  [remote cache]',
  '> nx run dbt-project:dbt-build',
  'dbt output line',
  '> nx run atlas-frontend:test  [existing outputs match the cache, left as is]',
  ' NX   Successfully ran targets lint, build for 3 projects',
].join('\n');

describe('nx run summary', () => {
  it('classifies every task by where its result came from', () => {
    expect(parseNxRun(LOG)).toEqual([
      { task: 'executors:lint', source: 'local cache' },
      { task: 'website:build', source: 'remote cache' },
      { task: 'dbt-project:dbt-build', source: 'ran' },
      { task: 'atlas-frontend:test', source: 'local cache' },
    ]);
  });

  it('renders totals and a table', () => {
    const summary = renderSummary(parseNxRun(LOG));
    expect(summary).toContain('4 tasks: 1 ran, 1 from the remote cache, 2 from the local cache.');
    expect(summary).toContain('| `website:build` | remote cache |');
  });

  it('says so when nothing was affected', () => {
    expect(renderSummary([])).toContain('No task was affected');
  });
});
