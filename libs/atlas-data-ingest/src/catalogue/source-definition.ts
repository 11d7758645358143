/** Column types of the raw tables, as the loader validates and writes them. */
export type ColumnType = 'text' | 'int' | 'numeric' | 'date';

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

/** One fetched response: the URL it came from and its body as text. */
export interface PayloadPart {
  readonly url: string;
  readonly body: string;
}

/** A row in the column order of the source's table; every value already validated, null for SQL NULL. */
export type RawValue = string | number | null;
export type RawRow = RawValue[];

export type PayloadFormat = 'klass-json' | 'json-stat-2.0' | 'hal-json-paged' | 'csv-semicolon';

/** What a source's fetcher needs: where to send requests and how. */
export interface FetchContext {
  readonly baseUrl: string;
  /** Issue one request; resolves to its body or throws an HttpError / FetchError. */
  request(req: SourceRequest): Promise<PayloadPart>;
  /** A warning worth a line on stderr (the load goes on). */
  warn(line: string): void;
}

/**
 * A source of the catalogue: declared once, with everything the CLI, the loader, the fixture server
 * and the docs need to know about it.
 */
export interface SourceDefinition {
  readonly id: string;
  readonly title: string;
  /** Default base URL of the upstream API (overridden by --fixtures and in tests). */
  readonly baseUrl: string;
  readonly format: PayloadFormat;
  /** Cron (Europe/Oslo) the code location schedules this source with. */
  readonly schedule: string;
  /** Table in schema raw. */
  readonly table: string;
  /** The data columns of raw.<table> (the loader adds _load_id and _loaded_at). */
  readonly columns: readonly ColumnSpec[];
  /** The first request of a load (what `atlas-ingest sources` shows as the upstream URL). */
  firstRequest(): SourceRequest;
  /** Fetch every part of the payload (one request for most sources, one per page for paged APIs). */
  fetch(ctx: FetchContext): Promise<PayloadPart[]>;
  /** Parse and validate the payload into rows; throws PayloadError naming the field and row. */
  parse(parts: readonly PayloadPart[]): RawRow[];
  /** The recorded fixture file (relative to fixtures/<id>/) that answers a request, if any. */
  fixtureFor(method: string, pathAndQuery: string): string | undefined;
}
