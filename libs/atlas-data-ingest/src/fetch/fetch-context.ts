import { createHash } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type { FetchContext, SourceRequest } from '../catalogue/source-definition.js';
import { IGNORED_SHAPE, type ShapeRecorder } from '../check/payload-shape.js';
import { httpRequest, httpStream, type HttpRequestOptions } from './http-client.js';

export type HttpSettings = Omit<HttpRequestOptions, 'method' | 'json' | 'headers'>;

/** A FetchContext that also hashes every byte it hands to the reader, in request order. */
export interface HashingFetchContext extends FetchContext {
  /** SHA-256 over the payload as fetched: every response body in the order requested. */
  payloadSha256(): string;
  /** The URL of the first request made. */
  firstUrl(): string | undefined;
}

export function fetchContext(
  baseUrl: string,
  http: HttpSettings = {},
  log: (line: string) => void = () => undefined,
  shape: ShapeRecorder = IGNORED_SHAPE,
): HashingFetchContext {
  const base = baseUrl.replace(/\/+$/, '');
  const hash = createHash('sha256');
  let first: string | undefined;
  const options = (req: SourceRequest): HttpRequestOptions => ({
    ...http,
    method: req.method,
    json: req.body,
    headers: { accept: req.accept ?? 'application/json' },
  });
  return {
    baseUrl: base,
    shape,
    warn: log,
    async text(req) {
      const url = `${base}${req.path}`;
      first ??= url;
      const response = await httpRequest(url, options(req));
      hash.update(response.body);
      return { url: response.url, body: response.body };
    },
    async stream(req) {
      const url = `${base}${req.path}`;
      first ??= url;
      const response = await httpStream(url, options(req));
      const hashed = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      // An error of the download reaches the reader through `hashed`; destroying `hashed` closes it.
      pipeline(response.body, hashed, () => undefined);
      return { url: response.url, headers: response.headers, body: hashed };
    },
    payloadSha256: () => hash.copy().digest('hex'),
    firstUrl: () => first,
  };
}
