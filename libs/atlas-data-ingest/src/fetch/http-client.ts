import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** An upstream answered with an HTTP error status (after any retries). */
export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly attempts: number,
  ) {
    super(
      `${method} ${url} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
    );
    this.name = 'HttpError';
  }
}

/** The request never got an answer: timeout, refused connection, reset, DNS failure. */
export class FetchError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(`${method} ${url} failed: ${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`);
    this.name = 'FetchError';
  }
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  /** JSON body; sent with content-type application/json. */
  json?: unknown;
  headers?: Record<string, string>;
  /**
   * Per attempt, covering connect, headers and the whole body (default 30 s). For a streamed
   * response it covers connect and headers; the body is bounded by idleTimeoutMs instead.
   */
  timeoutMs?: number;
  /** Streamed responses only: the longest wait for the next chunk of the body (default 60 s). */
  idleTimeoutMs?: number;
  /** Retries after the first attempt on network errors, timeouts, 5xx and 429 (default 3). */
  retries?: number;
  /** First backoff; doubles per retry, with jitter (default 500 ms). */
  backoffMs?: number;
  /** Upper bound of one wait, also for Retry-After (default 30 s). */
  maxBackoffMs?: number;
  /** Called before each wait (logging). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface HttpResponse {
  url: string;
  status: number;
  body: string;
  contentType: string | null;
}

export interface HttpStreamResponse {
  url: string;
  status: number;
  headers: Headers;
  /** The body as it arrives; errors with a FetchError when no data comes for idleTimeoutMs. */
  body: Readable;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no complete answer within ${timeoutMs} ms (timeout)`;
  const cause = e?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` ${cause.message}` : ''}`;
  return e?.message ?? String(error);
}

/** One attempt that got a 2xx answer: the response, the attempt's abort controller and timer. */
interface Answer {
  response: Response;
  controller: AbortController;
  attempt: number;
  /** Stops the attempt's connect/headers timeout (a streamed body has a timeout of its own). */
  clearTimeout(): void;
}

/**
 * Send the request until a 2xx answer, retrying network errors, timeouts, 5xx and 429 with
 * exponential backoff and jitter (honouring Retry-After); a 4xx other than 429 fails at once.
 * `accept` turns the answer into the result; a network error or timeout inside it (a body that
 * breaks off) is retried like any other.
 */
async function withRetries<T>(
  url: string,
  options: HttpRequestOptions,
  accept: (answer: Answer) => Promise<T>,
): Promise<T> {
  const method = options.method ?? 'GET';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const headers: Record<string, string> = { 'user-agent': 'atlas-ingest', ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }

  for (let attempt = 1; ; attempt++) {
    let failure: { reason: string; status?: number; statusText?: string; retryAfter?: number };
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    try {
      const response = await fetch(url, { method, headers, body, signal: controller.signal });
      if (response.ok) {
        return await accept({ response, controller, attempt, clearTimeout: () => clearTimeout(timer) });
      }
      await response.body?.cancel().catch(() => undefined);
      if (!retryable(response.status))
        throw new HttpError(method, url, response.status, response.statusText, attempt);
      failure = {
        reason: `HTTP ${response.status}`,
        status: response.status,
        statusText: response.statusText,
        retryAfter: retryAfterMs(response.headers.get('retry-after')),
      };
    } catch (error) {
      if (error instanceof HttpError) throw error;
      failure = { reason: describeNetworkError(error, timeoutMs) };
    } finally {
      clearTimeout(timer);
    }
    if (attempt > retries) {
      if (failure.status !== undefined)
        throw new HttpError(method, url, failure.status, failure.statusText ?? '', attempt);
      throw new FetchError(method, url, failure.reason, attempt);
    }
    const exponential = backoffMs * 2 ** (attempt - 1);
    const jittered = exponential / 2 + Math.random() * (exponential / 2);
    const delayMs = Math.min(maxBackoffMs, failure.retryAfter ?? jittered);
    options.onRetry?.({ attempt, delayMs, reason: failure.reason });
    await sleep(delayMs);
  }
}

/**
 * GET or POST with a timeout per attempt covering the whole body, and exponential backoff on
 * network errors, timeouts, 5xx and 429 (honouring Retry-After). A 4xx other than 429 fails at
 * once. The error says the method, the URL and the status.
 */
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  return withRetries(url, options, async ({ response }) => {
    // The attempt's timeout still runs: a server that stalls mid-body times out too.
    const text = await response.text();
    return { url, status: response.status, body: text, contentType: response.headers.get('content-type') };
  });
}

/**
 * Like httpRequest, but hands the body over as a stream once the headers are in: for payloads too
 * large to hold (the bulk register) or read by a streaming parser (spreadsheets). Retries happen
 * before the hand-over only; after it, a body with no data for idleTimeoutMs errors with a
 * FetchError, and destroying the stream closes the connection.
 */
export async function httpStream(url: string, options: HttpRequestOptions = {}): Promise<HttpStreamResponse> {
  const method = options.method ?? 'GET';
  const idleMs = options.idleTimeoutMs ?? 60_000;
  return withRetries(
    url,
    options,
    async ({ response, controller, attempt, clearTimeout: stopConnectTimer }) => {
      stopConnectTimer();
      if (!response.body) throw new FetchError(method, url, 'the answer has no body', attempt);
      let idle: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(
          () =>
            controller.abort(
              new FetchError(method, url, `no data for ${idleMs} ms (the download stalled)`, attempt),
            ),
          idleMs,
        );
      };
      const watched = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          arm();
          done(null, chunk);
        },
      });
      arm();
      pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), watched, () =>
        clearTimeout(idle),
      );
      return { url, status: response.status, headers: response.headers, body: watched };
    },
  );
}
