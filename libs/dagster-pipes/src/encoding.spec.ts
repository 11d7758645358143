import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeParam, encodeParam } from './encoding.js';
import { makeMessage, serializeMessage } from './protocol.js';

// Produced by the Python reference: dagster_pipes.encode_param(...)
const PYTHON_PATH_PARAM = 'eJyrVipILMlQslJQ0i/JLdBPLqnQyyrOz1OqBQBpjQhu';
const PYTHON_DATA_PARAM = 'eJyrVkpJLElUslKoVioqzYvPTAEylYoMlXQUlFIrSooSi8FSMaUGBmkWIKmQovzcYii3trYWAF+4Ez0=';

describe('encodeParam / decodeParam', () => {
  it('decodes what the Python side encodes, including escaped non-ASCII', () => {
    expect(decodeParam(PYTHON_PATH_PARAM)).toEqual({ path: '/tmp/ctx.json' });
    expect(decodeParam(PYTHON_DATA_PARAM)).toEqual({ data: { run_id: 'r1', extras: { ø: 'Tromsø' } } });
  });

  it('encodes base64 of zlib-framed JSON (not gzip, not raw deflate)', () => {
    const encoded = encodeParam({ stdio: 'stderr' });
    const bytes = Buffer.from(encoded, 'base64');
    expect(bytes[0]).toBe(0x78); // zlib header; gzip would start 0x1f 0x8b
    expect(JSON.parse(inflateSync(bytes).toString('utf8'))).toEqual({ stdio: 'stderr' });
  });

  it('round-trips nested values', () => {
    const value = { a: [1, 2.5, null, true], b: { c: 'Ålesund' } };
    expect(decodeParam(encodeParam(value))).toEqual(value);
  });

  it('fails with one clear line on values that are not base64(zlib(JSON))', () => {
    expect(() => decodeParam('not-zlib', 'DAGSTER_PIPES_CONTEXT')).toThrow(
      /^DAGSTER_PIPES_CONTEXT is not base64\(zlib\(JSON\)\)/,
    );
    const notJson = deflateSync(Buffer.from('{oops', 'utf8')).toString('base64');
    expect(() => decodeParam(notJson)).toThrow(/decompressed to invalid JSON/);
    expect(() => encodeParam(undefined)).toThrow(/not JSON-serializable/);
  });
});

describe('serializeMessage', () => {
  it('writes integral float metadata as a JSON float, everything else as JSON.stringify does', () => {
    const message = makeMessage('report_asset_materialization', {
      asset_key: 'raw/x',
      data_version: null,
      metadata: {
        seconds: { raw_value: 2, type: 'float' },
        negative: { raw_value: -3, type: 'float' },
        fraction: { raw_value: 2.5, type: 'float' },
        count: { raw_value: 2, type: 'int' },
        label: { raw_value: '7', type: 'text' },
      },
    });
    const line = serializeMessage(message);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toContain('"seconds":{"raw_value":2.0,"type":"float"}');
    expect(line).toContain('"negative":{"raw_value":-3.0,"type":"float"}');
    expect(line).toContain('"fraction":{"raw_value":2.5,"type":"float"}');
    expect(line).toContain('"count":{"raw_value":2,"type":"int"}');
    expect(JSON.parse(line)).toEqual(message);
  });
});
