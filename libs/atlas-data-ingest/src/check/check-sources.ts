import type { RawRow, SourceDefinition } from '../catalogue/source-definition.js';
import { fetchContext, type HttpSettings } from '../fetch/fetch-context.js';
import { HttpError } from '../fetch/http-client.js';
import { PayloadError } from '../parse/payload-error.js';
import { FIXTURES_DIR, startFixtureServer } from '../fixtures/fixture-server.js';
import { compareShapes, PayloadShape } from './payload-shape.js';

/** The verdict on one source: one line, as `atlas-ingest check` prints it. */
export interface CheckResult {
  source: string;
  status: 'ok' | 'drift' | 'failed';
  line: string;
}

export interface CheckOptions {
  /** Where to fetch each source from: its upstream (live), or a fixture server. */
  baseUrlOf: (source: SourceDefinition) => string;
  /** The recorded fixtures whose shapes are the reference (default: the package's own). */
  recordedDir?: string;
  http?: HttpSettings;
}

export interface Reading {
  rows: number;
  shape: PayloadShape;
}

/** Fetch a source once and read it to the end with the loader's own reader, counting rows. */
export async function readSource(
  source: SourceDefinition,
  baseUrl: string,
  http?: HttpSettings,
  onRow: (row: RawRow) => void = () => undefined,
): Promise<Reading> {
  const shape = new PayloadShape();
  const ctx = fetchContext(baseUrl, http, () => undefined, shape);
  let rows = 0;
  for await (const row of source.read(ctx)) {
    rows++;
    onRow(row);
  }
  return { rows, shape };
}

function withoutSource(source: string, message: string): string {
  const line = message.replace(/\s*\n\s*/g, ' ').trim();
  return line.startsWith(`${source}: `) ? line.slice(source.length + 2) : line;
}

/**
 * Fetch each source once, read it with the same reader the loads use, and compare what it shows
 * (dimensions, codes, sheets, fields) with the recorded fixture's shape. One result per source:
 * ok, drift (the payload no longer reads, or its shape differs from the recording: a missing
 * dimension, a new code, a renamed field), or failed (it could not be fetched at all).
 */
export async function checkSources(
  sources: readonly SourceDefinition[],
  options: CheckOptions,
  report: (result: CheckResult) => void = () => undefined,
): Promise<CheckResult[]> {
  const recorded = await startFixtureServer(sources, options.recordedDir ?? FIXTURES_DIR);
  const results: CheckResult[] = [];
  try {
    for (const source of sources) {
      const reference = await readSource(source, recorded.baseUrlOf(source.id), { retries: 0 });
      let result: CheckResult;
      try {
        const reading = await readSource(source, options.baseUrlOf(source), options.http);
        const drift = compareShapes(reference.shape, reading.shape);
        result =
          drift.length === 0
            ? { source: source.id, status: 'ok', line: `${source.id}: ok, ${reading.rows} rows read` }
            : { source: source.id, status: 'drift', line: `${source.id}: drift: ${drift.join('; ')}` };
      } catch (error) {
        // A payload that no longer reads, or a request the API now refuses (4xx), is drift; an
        // upstream that is down or unreachable is a failure of this run, not of the format.
        const refused = error instanceof HttpError && error.status < 500 && error.status !== 429;
        const status = error instanceof PayloadError || refused ? 'drift' : 'failed';
        result = {
          source: source.id,
          status,
          line: `${source.id}: ${status}: ${withoutSource(source.id, (error as Error).message)}`,
        };
      }
      results.push(result);
      report(result);
    }
  } finally {
    await recorded.close();
  }
  return results;
}
