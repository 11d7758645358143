/** One measured figure: seconds or a count, with a note on how it was measured. */
export interface Figure {
  value: number;
  unit: 's' | 'count';
  note: string;
}

const show = (f: Figure | undefined) =>
  f === undefined ? '-' : f.unit === 's' ? `${f.value.toFixed(2)} s` : String(f.value);

/**
 * The figures of every scale side by side, each against the first scale's (the workspace as it is):
 * one row per figure, the ratio to the first column, the note of the largest scale.
 */
export function formatTable(scales: { sources: number; figures: Map<string, Figure> }[]): string[] {
  const keys = [...new Set(scales.flatMap((s) => [...s.figures.keys()]))];
  const first = scales[0];
  const last = scales.at(-1);
  const header = [
    'figure',
    ...scales.map((s) => `${s.sources} sources`),
    ...(scales.length > 1 ? ['ratio'] : []),
    'how',
  ];
  const rows = keys.map((key) => {
    const values = scales.map((s) => s.figures.get(key));
    const a = first?.figures.get(key)?.value;
    const b = last?.figures.get(key)?.value;
    const ratio =
      a !== undefined && b !== undefined && a > 0 && scales.length > 1 ? `${(b / a).toFixed(2)}×` : '';
    return [
      key,
      ...values.map(show),
      ...(scales.length > 1 ? [ratio] : []),
      last?.figures.get(key)?.note ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i > 0 && i <= scales.length + 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)];
}
