import type { Tree } from '@nx/devkit';
import { LAYOUT } from './layout.js';
import type { SourceOptions } from './normalize-options.js';

/** The kommuner every fixture carries, read from the ingest's list (reference-kommuner.ts). */
export function referenceKommuner(tree: Tree): [string, string][] {
  const text = tree.read(LAYOUT.referenceKommuner, 'utf-8') ?? '';
  const found = [...text.matchAll(/\['(\d{4})', '([^']+)'\]/g)].map((m) => [m[1], m[2]] as [string, string]);
  if (found.length === 0)
    throw new Error(
      `source generator: ${LAYOUT.referenceKommuner} lists no reference kommuner: restore the list.`,
    );
  return found;
}

/** Two periods: the years the sample holds figures for. */
export const PERIODS = ['2023', '2024'] as const;

/** A small deterministic generator (mulberry32 seeded by the id), so a sample is the same every run. */
function figures(seed: string): () => number {
  let state = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.round((5 + unit * 95) * 10) / 10;
  };
}

/** One figure per reference kommune and period; the first kommune's first figure is suppressed (null). */
export interface Sample {
  kommuner: [string, string][];
  values: Map<string, number | null>;
}

export function sample(tree: Tree, options: SourceOptions): Sample {
  const next = figures(options.id);
  const kommuner = referenceKommuner(tree);
  const values = new Map<string, number | null>();
  kommuner.forEach(([nummer], k) =>
    PERIODS.forEach((period, p) => values.set(`${nummer}/${period}`, k === 0 && p === 0 ? null : next())),
  );
  return { kommuner, values };
}

const at = (s: Sample, nummer: string, period: string) => s.values.get(`${nummer}/${period}`) ?? null;

/**
 * The fixture files of the source, in the exact form its format takes upstream, with the reference
 * kommuner and one suppressed figure; file name → content. They are samples to build and test on,
 * to be replaced by a recorded response (fixtures/README.md says so per source).
 */
export function fixtureFiles(tree: Tree, options: SourceOptions): Record<string, string> {
  const s = sample(tree, options);
  if (options.format === 'json-stat') return { [options.fixtureFile]: jsonStat(s, options) };
  if (options.format === 'csv') return { [options.fixtureFile]: csv(s) };
  return halPages(s, options);
}

/** PxWebApi v2 `outputFormat=json-stat2` with codelist agg_KommSummer: Region × ContentsCode × Tid. */
function jsonStat(s: Sample, options: SourceOptions): string {
  const regions = s.kommuner.map(([nummer]) => `K-${nummer}`);
  const value: (number | null)[] = [];
  const status: Record<string, string> = {};
  for (const [nummer] of s.kommuner)
    for (const period of PERIODS) {
      const figure = at(s, nummer, period);
      if (figure === null) status[String(value.length)] = '..';
      value.push(figure);
    }
  const dataset = {
    version: '2.0',
    class: 'dataset',
    label: options.title,
    source: 'Statistisk sentralbyrå',
    updated: '2025-01-15T07:00:00Z',
    id: ['Region', 'ContentsCode', 'Tid'],
    size: [regions.length, 1, PERIODS.length],
    dimension: {
      Region: {
        label: 'region',
        category: {
          index: Object.fromEntries(regions.map((r, i) => [r, i])),
          label: Object.fromEntries(s.kommuner.map(([nummer, navn]) => [`K-${nummer}`, navn])),
        },
      },
      ContentsCode: {
        label: 'statistikkvariabel',
        category: {
          index: { [options.contentsCode]: 0 },
          label: { [options.contentsCode]: options.indicatorName },
          unit: { [options.contentsCode]: { base: options.unit, decimals: 1 } },
        },
      },
      Tid: {
        label: 'år',
        category: {
          index: Object.fromEntries(PERIODS.map((p, i) => [p, i])),
          label: Object.fromEntries(PERIODS.map((p) => [p, p])),
        },
      },
    },
    role: { geo: ['Region'], metric: ['ContentsCode'], time: ['Tid'] },
    value,
    status,
  };
  return `${JSON.stringify(dataset, null, 2)}\n`;
}

const decimalComma = (figure: number | null) => (figure === null ? '..' : String(figure).replace('.', ','));

/** A semicolon-separated file with quoted fields, decimal commas, ".." where a figure is suppressed, CRLF. */
function csv(s: Sample): string {
  const lines = ['"Region";"Periode";"Verdi"'];
  for (const period of PERIODS) {
    const known = s.kommuner.map(([nummer]) => at(s, nummer, period)).filter((v): v is number => v !== null);
    const national = Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10;
    lines.push(`"0 Hele landet";"${period}";"${decimalComma(national)}"`);
  }
  for (const [nummer, navn] of s.kommuner)
    for (const period of PERIODS)
      lines.push(`"${nummer} ${navn}";"${period}";"${decimalComma(at(s, nummer, period))}"`);
  return `${lines.join('\r\n')}\r\n`;
}

/** Page size of the recorded collection, and of the definition's first request. */
export const PAGE_SIZE = 10;

/** A HAL+JSON collection in pages of PAGE_SIZE: the kommuner's records, then one for "9999 Uoppgitt". */
function halPages(s: Sample, options: SourceOptions): Record<string, string> {
  const records: Record<string, unknown>[] = [];
  for (const [nummer, navn] of s.kommuner)
    for (const period of PERIODS)
      records.push({
        kommunenummer: nummer,
        kommunenavn: navn,
        periode: period,
        verdi: at(s, nummer, period),
      });
  records.push({ kommunenummer: '9999', kommunenavn: 'Uoppgitt', periode: PERIODS[1], verdi: 1.0 });
  const totalPages = Math.ceil(records.length / PAGE_SIZE);
  const href = (page: number) => `${options.baseUrl}${options.path}?page=${page}&size=${PAGE_SIZE}`;
  const files: Record<string, string> = {};
  for (let number = 0; number < totalPages; number++) {
    const page = {
      _embedded: { [collectionOf(options)]: records.slice(number * PAGE_SIZE, (number + 1) * PAGE_SIZE) },
      _links: {
        first: { href: href(0) },
        self: { href: href(number) },
        ...(number < totalPages - 1 ? { next: { href: href(number + 1) } } : {}),
        last: { href: href(totalPages - 1) },
      },
      page: { size: PAGE_SIZE, totalElements: records.length, totalPages, number },
    };
    files[`page-${number}.json`] = `${JSON.stringify(page, null, 2)}\n`;
  }
  return files;
}

/** The `_embedded` key of a paged collection: the last segment of its path. */
export function collectionOf(options: SourceOptions): string {
  return options.path.split('/').filter(Boolean).at(-1) ?? options.table;
}

/** Rows the source's reader yields from the sample (the spec checks the count). */
export function sampleRows(tree: Tree, options: SourceOptions): number {
  const kommuner = referenceKommuner(tree).length * PERIODS.length;
  if (options.format === 'csv') return kommuner + PERIODS.length;
  if (options.format === 'paged-json') return kommuner + 1;
  return kommuner;
}
