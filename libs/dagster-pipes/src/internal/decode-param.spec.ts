import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeParam } from '../extras/encode-param.js';
import { decodeParam } from './decode-param.js';

// Produced by the Python reference: dagster_pipes.encode_param({...}) of the values below
const PYTHON_PATH_PARAM = 'eJyrVipILMlQslJQKsgsSC3WT87PK0mtKNHLKs7PU6oFAKCNCsU=';
const PYTHON_DATA_PARAM = 'eJyrVkpJLElUslKoVioqzYvPTAEylYoMlXQUlFIrSooSi8FSMaUGBmkWIKmQovzcYii3trYWAF+4Ez0=';

describe('decodeParam', () => {
  it('decodes what the Python side encodes, including escaped non-ASCII', () => {
    expect(decodeParam(PYTHON_PATH_PARAM)).toEqual({ path: 'pipes/context.json' });
    expect(decodeParam(PYTHON_DATA_PARAM)).toEqual({ data: { run_id: 'r1', extras: { ø: 'Tromsø' } } });
  });

  it('round-trips what encodeParam writes', () => {
    const value = { a: [1, 2.5, null, true], b: { c: 'Ålesund' } };
    expect(decodeParam(encodeParam(value))).toEqual(value);
  });

  it('fails with one clear line on values that are not base64(zlib(JSON))', () => {
    expect(() => decodeParam('not-zlib', 'DAGSTER_PIPES_CONTEXT')).toThrow(
      /^DAGSTER_PIPES_CONTEXT is not base64\(zlib\(JSON\)\)/,
    );
    const notJson = deflateSync(Buffer.from('{oops', 'utf8')).toString('base64');
    expect(() => decodeParam(notJson)).toThrow(/decompressed to invalid JSON/);
  });
});
