import { deflateSync, inflateSync } from 'node:zlib';
import { DagsterPipesError } from './errors.js';

/**
 * Pipes parameters travel as base64(zlib(JSON)): zlib framing (deflate with header and Adler-32),
 * not gzip, so Python's zlib.decompress accepts what we write and vice versa.
 */
export function encodeParam(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined)
    throw new DagsterPipesError('Cannot encode a Pipes parameter: the value is not JSON-serializable.');
  return deflateSync(Buffer.from(json, 'utf8')).toString('base64');
}

export function decodeParam(value: string, what = 'Pipes parameter'): unknown {
  let inflated: Buffer;
  try {
    inflated = inflateSync(Buffer.from(value, 'base64'));
  } catch (error) {
    throw new DagsterPipesError(
      `${what} is not base64(zlib(JSON)) (${(error as Error).message}): was it set by a Dagster Pipes client?`,
    );
  }
  try {
    return JSON.parse(inflated.toString('utf8'));
  } catch (error) {
    throw new DagsterPipesError(`${what} decompressed to invalid JSON (${(error as Error).message}).`);
  }
}
