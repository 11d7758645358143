import { inflateSync } from 'node:zlib';
import { DagsterPipesError } from '../errors.js';

/**
 * Pipes bootstrap parameters travel as base64(zlib(JSON)): zlib framing (deflate with header and
 * Adler-32), not gzip, which is what Python's zlib.compress writes. `what` names the parameter in
 * the error line.
 */
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
