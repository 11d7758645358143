import type { Readable } from 'node:stream';
import type { ShapeRecorder } from '../check/payload-shape.js';

/** Column types of the raw tables, as the loader validates and writes them. */
export type ColumnType = 'text' | 'int' | 'numeric' | 'date' | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** One HTTP request of a source, relative to the source's base URL. */
export interface SourceRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, appended to the base URL (which has no trailing slash). */
  readonly path: string;
  /** JSON body of a POST. */
  readonly body?: unknown;
  /** Accept header (default application/json). */
  readonly accept?: string;
}

/** One response read whole: the URL it came from and its body as text. */
export interface PayloadPart {
  readonly url: string;
  readonly body: string;
}

/** One response read as a stream (large or binary payloads: the bulk register, spreadsheets). */
export interface StreamedPart {
  readonly url: string;
  readonly headers: Headers;
  /** The body as it arrives; it errors when the server stalls or the connection breaks. */
  readonly body: Readable;
}

/** A row in the column order of the source's table; every value already validated, null for SQL NULL. */
export type RawValue = string | number | boolean | null;
export type RawRow = RawValue[];

export type PayloadFormat =
  | 'klass-json'
  | 'json-stat-2.0'
  | 'json-array-gzip'
  | 'xlsx'
  | 'csv'
  | 'hal-json-pages';

/** What a source's reader needs: where to send requests, how, and where to note the payload's shape. */
export interface FetchContext {
  readonly baseUrl: string;
  /** Issue one request and read its body as text; throws an HttpError / FetchError. */
  text(req: SourceRequest): Promise<PayloadPart>;
  /** Issue one request and hand over its body as a stream; the reader must consume or destroy it. */
  stream(req: SourceRequest): Promise<StreamedPart>;
  /** The structure the payload shows (dimensions, codes, fields), for `atlas-ingest check`. */
  readonly shape: ShapeRecorder;
  /** A warning worth a line on stderr (the load goes on). */
  warn(line: string): void;
}

/** What the catalogue (sources.json) says of a source: the facts the code location reads too. */
export interface CatalogueEntry {
  readonly id: string;
  readonly title: string;
  /** Cron (Europe/Oslo) the code location schedules this source with. */
  readonly schedule: string;
  /** Table in schema raw. */
  readonly table: string;
}

/**
 * A source: its catalogue entry plus everything the CLI, the loader, the fixture server and the
 * live check need to fetch and read it.
 */
export interface SourceDefinition extends CatalogueEntry {
  /** Default base URL of the upstream API (overridden by --fixtures and in tests). */
  readonly baseUrl: string;
  readonly format: PayloadFormat;
  /** The data columns of raw.<table> (the loader adds _load_id and _loaded_at). */
  readonly columns: readonly ColumnSpec[];
  /** The first request of a load (what `atlas-ingest sources` shows as the upstream URL). */
  firstRequest(): SourceRequest;
  /**
   * Fetch the payload and yield its rows as they are read, each validated against the columns;
   * throws PayloadError naming the field and row on the first bad value or schema drift.
   */
  read(ctx: FetchContext): AsyncIterable<RawRow>;
  /** The recorded fixture file (relative to fixtures/<id>/) that answers a request, if any. */
  fixtureFor(method: string, pathAndQuery: string): string | undefined;
}
