import type { SwaggerDocument } from './postgrest-openapi.js';

/** PostgREST did not answer, or not with its OpenAPI document; reported as one line. */
export class FetchDocumentError extends Error {}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'no answer within the timeout';
  return cause?.message ?? (error as Error).message;
}

/** GET the OpenAPI description PostgREST serves at the root of `url`. */
export async function fetchPostgrestDocument(url: string, timeoutMs = 15_000): Promise<SwaggerDocument> {
  let root: URL;
  try {
    root = new URL(url);
  } catch {
    throw new FetchDocumentError(
      `--url "${url}" is not a URL: pass the PostgREST root URL (e.g. --url=http://127.0.0.1:3000).`,
    );
  }
  if (root.protocol !== 'http:' && root.protocol !== 'https:') {
    throw new FetchDocumentError(
      `--url "${url}" is not an http(s) URL: pass the PostgREST root URL (e.g. --url=http://127.0.0.1:3000).`,
    );
  }
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  let response: Response;
  try {
    response = await fetch(root, {
      headers: { accept: 'application/openapi+json, application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new FetchDocumentError(
      `${root.href} does not answer (${describeCause(error)}): start PostgREST or pass its root URL with --url.`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FetchDocumentError(
      `${root.href} answered HTTP ${response.status}: PostgREST serves its OpenAPI document at its root; check the URL (and any /v1 prefix in front of it).`,
    );
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as SwaggerDocument;
  } catch {
    throw new FetchDocumentError(
      `${root.href} answered with something that is not JSON (${JSON.stringify(text.slice(0, 60))}...): is it PostgREST?`,
    );
  }
}
