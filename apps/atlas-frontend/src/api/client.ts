import { API_COLUMNS, type ApiPaths, type ApiSchemas } from './generated-types';

export type ApiPath = keyof ApiPaths;
export type ApiRow<P extends ApiPath> = ApiPaths[P]['row'];
export type Kommune = ApiRow<'/v1/kommuner'>;
export type Indicator = ApiRow<'/v1/indicators'>;
export type KommuneIndicator = ApiRow<'/v1/kommune_indicators'>;

type Column<P extends ApiPath> = keyof ApiRow<P> & string;

/** A sort term: a column of the path, optionally with a direction (checked against the snapshot). */
export type OrderTerm<P extends ApiPath> = Column<P> | `${Column<P>}.${'asc' | 'desc'}`;

export interface ListOptions<P extends ApiPath> {
  /** PostgREST filters per column, e.g. { kommunenummer: 'eq.0301' }. */
  filters?: Partial<Record<ApiPaths[P]['filters'], string>>;
  order?: readonly OrderTerm<P>[];
  limit?: number;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Per request; the default is 10 s. */
  timeoutMs?: number;
}

/** Every failure of the API: the message is one line that says what went wrong and where. */
export class AtlasApiError extends Error {
  override name = 'AtlasApiError';
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const KOMMUNENUMMER = /^\d{4}$/;

/** A read-only client of the Atlas public API (PostgREST over the api_v1 views). */
export class AtlasApiClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(
    readonly baseUrl: string,
    options: ApiClientOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** GET one list path; the rows are checked to carry every column the snapshot promises. */
  async list<P extends ApiPath>(path: P, options: ListOptions<P> = {}): Promise<ApiRow<P>[]> {
    const url = new URL(this.baseUrl + path);
    for (const [column, filter] of Object.entries(options.filters ?? {})) {
      if (typeof filter === 'string') url.searchParams.append(column, filter);
    }
    if (options.order?.length) url.searchParams.set('order', options.order.join(','));
    if (options.limit !== undefined) url.searchParams.set('limit', String(options.limit));

    const rows = await this.getJson(url.href);
    if (!Array.isArray(rows)) {
      throw new AtlasApiError(
        `GET ${url.href} answered with ${describe(rows)}, not a list of rows: is ATLAS_API_URL the Atlas API?`,
        url.href,
      );
    }
    const columns: readonly string[] = API_COLUMNS[path];
    rows.forEach((row: unknown, index) => {
      const missing = isObject(row) ? columns.filter((column) => !(column in row)) : columns;
      if (missing.length > 0) {
        throw new AtlasApiError(
          `GET ${url.href}: row ${index} lacks ${missing.join(', ')}; the API no longer matches the snapshot libs/dbt-project/api/openapi.json.`,
          url.href,
        );
      }
    });
    return rows as ApiRow<P>[];
  }

  listKommuner(): Promise<Kommune[]> {
    return this.list('/v1/kommuner', { order: ['kommunenavn'] });
  }

  listIndicators(): Promise<Indicator[]> {
    return this.list('/v1/indicators', { order: ['indicator_id'] });
  }

  /** The kommune, or undefined when the API does not know the number. */
  async getKommune(kommunenummer: string): Promise<Kommune | undefined> {
    assertKommunenummer(kommunenummer);
    const rows = await this.list('/v1/kommuner', { filters: { kommunenummer: `eq.${kommunenummer}` } });
    return rows[0];
  }

  async listKommuneIndicators(kommunenummer: string): Promise<KommuneIndicator[]> {
    assertKommunenummer(kommunenummer);
    return this.list('/v1/kommune_indicators', {
      filters: { kommunenummer: `eq.${kommunenummer}` },
      order: ['indicator_id', 'period.desc'],
    });
  }

  private async getJson(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        headers: { accept: 'application/json' },
        cache: 'no-store',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new AtlasApiError(
        `Cannot reach the Atlas API at ${url} (${causeOf(error)}): check ATLAS_API_URL and that the API is running.`,
        url,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      throw new AtlasApiError(
        `GET ${url} answered ${response.status}: ${errorDetail(body, text)}`,
        url,
        response.status,
      );
    }
    if (body === undefined) {
      throw new AtlasApiError(
        `GET ${url} answered ${response.status} without a JSON body: is ATLAS_API_URL the Atlas API?`,
        url,
        response.status,
      );
    }
    return body;
  }
}

export function assertKommunenummer(kommunenummer: string): void {
  if (!KOMMUNENUMMER.test(kommunenummer)) {
    throw new AtlasApiError(
      `${JSON.stringify(kommunenummer)} is not a kommunenummer: give four digits, e.g. 0301.`,
      '',
    );
  }
}

export function isKommunenummer(value: string): boolean {
  return KOMMUNENUMMER.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(value: unknown): string {
  return value === null ? 'null' : `a JSON ${typeof value}`;
}

function errorDetail(body: unknown, text: string): string {
  if (isObject(body) && typeof body['message'] === 'string') {
    const error = body as Partial<ApiSchemas['error']>;
    const code = error.code ? `${error.code} ` : '';
    const hint = error.hint ? ` (hint: ${error.hint})` : '';
    return `${code}${error.message}${hint}`;
  }
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine === '' ? '(empty body)' : oneLine.slice(0, 200);
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
