import type { PreflightResult } from './types.js';

/** A plain-text table, one row per check, with a `fix:` line under each row that is not ok. */
export function renderTable(results: PreflightResult[]): string {
  const width = Math.max(5, ...results.map((r) => r.check.length));
  const lines = [`${'check'.padEnd(width)}  status  detail`];
  for (const r of results) {
    lines.push(`${r.check.padEnd(width)}  ${r.status.padEnd(6)}  ${r.detail}`);
    if (r.remediation && r.status !== 'ok') lines.push(`${' '.repeat(width)}  fix:    ${r.remediation}`);
  }
  const errors = results.filter((r) => r.status === 'error').length;
  const warnings = results.filter((r) => r.status === 'warn').length;
  lines.push(
    errors
      ? `preflight: ${errors} of ${results.length} checks failed${warnings ? `, ${warnings} warned` : ''}.`
      : `preflight: all ${results.length} checks passed${warnings ? ` (${warnings} warned)` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderJson(results: PreflightResult[]): string {
  return `${JSON.stringify({ ok: results.every((r) => r.status !== 'error'), checks: results }, null, 2)}\n`;
}
