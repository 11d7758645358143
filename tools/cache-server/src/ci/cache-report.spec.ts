import { describe, expect, it } from 'vitest';
import type { ProxyStats } from './cache-proxy.js';
import { renderCacheReport } from './cache-report.js';

const quiet: ProxyStats = {
  hits: 2,
  misses: 1,
  stored: 1,
  exists: 0,
  readOnly: 0,
  failures: [],
  skipped: { GET: 0, PUT: 0 },
};

describe('renderCacheReport', () => {
  it('is one line when no request failed', () => {
    expect(renderCacheReport('https://cache.example', quiet)).toEqual({
      failed: false,
      lines: [
        'atlas-nx-ci: remote cache https://cache.example: 2 hits, 1 miss, 1 stored, 0 already there, 0 refused for a read-only token; no request failed.',
      ],
      headline:
        'remote cache https://cache.example: 2 hits, 1 miss, 1 stored, 0 already there, 0 refused for a read-only token; no request failed.',
    });
  });

  it('lists every failed request, the first 20 of them by name, and what was not sent', () => {
    const failures = Array.from({ length: 22 }, (_, i) => ({
      method: i % 2 ? ('PUT' as const) : ('GET' as const),
      hash: String(1000 + i),
      reason: 'answered 502 Bad Gateway',
      ms: 4,
    }));
    const report = renderCacheReport('https://cache.example', {
      ...quiet,
      failures,
      skipped: { GET: 1, PUT: 2 },
    });
    expect(report.failed).toBe(true);
    expect(report.headline).toBe(
      '25 requests to the remote cache https://cache.example failed (12 reads became misses, 13 writes dropped); the tasks ran locally and the exit status is theirs.',
    );
    expect(report.lines).toContain('!! REMOTE CACHE FAILED DURING THE RUN: https://cache.example');
    expect(report.lines).toContain('!!   GET 1000: answered 502 Bad Gateway (4 ms)');
    expect(report.lines).toContain('!!   PUT 1019: answered 502 Bad Gateway (4 ms)');
    expect(report.lines).not.toContain('!!   GET 1020: answered 502 Bad Gateway (4 ms)');
    expect(report.lines).toContain('!!   ... and 2 more failed requests');
    expect(report.lines).toContain('!!   not sent while the cache was failing: 1 read, 2 writes');
    expect(report.lines).toContain(
      '!! What worked: 2 hits, 1 miss, 1 stored, 0 already there, 0 refused for a read-only token.',
    );
  });
});
