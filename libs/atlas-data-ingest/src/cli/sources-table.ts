import type { SourceDefinition } from '../catalogue/source-definition.js';

/** The catalogue as a plain-text table (atlas-ingest sources). */
export function sourcesTable(sources: readonly SourceDefinition[]): string {
  const header = ['source', 'format', 'schedule', 'table', 'upstream'];
  const rows = sources.map((s) => {
    const first = s.firstRequest();
    return [s.id, s.format, s.schedule, `raw.${s.table}`, `${first.method} ${s.baseUrl}${first.path}`];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.slice().map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
