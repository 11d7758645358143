import { deflateSync } from 'node:zlib';
import { DagsterPipesError } from '../index.js';

/**
 * A bootstrap parameter as a Pipes client puts it in DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES:
 * base64(zlib(JSON)), zlib framing as Python's zlib.compress writes it (not gzip). For tests and
 * tools that start a Pipes process themselves.
 */
export function encodeParam(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new DagsterPipesError('Cannot encode a Pipes parameter: the value is not JSON-serializable.');
  }
  return deflateSync(Buffer.from(json, 'utf8')).toString('base64');
}
