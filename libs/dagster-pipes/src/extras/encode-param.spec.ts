import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeParam } from './encode-param.js';

describe('encodeParam', () => {
  it('writes base64 of zlib-framed JSON (not gzip, not raw deflate)', () => {
    const bytes = Buffer.from(encodeParam({ stdio: 'stderr' }), 'base64');
    expect(bytes[0]).toBe(0x78); // zlib header; gzip would start 0x1f 0x8b
    expect(JSON.parse(inflateSync(bytes).toString('utf8'))).toEqual({ stdio: 'stderr' });
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => encodeParam(undefined)).toThrow(/not JSON-serializable/);
  });
});
