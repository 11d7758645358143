import { describe, expect, it } from 'vitest';
import { MAX_HASH_LENGTH, isValidHash, parseRequestPath } from './hash-key.js';

describe('hash segment', () => {
  it('accepts the decimal hashes nx sends and lowercase hex', () => {
    expect(isValidHash('11752278458046491951')).toBe(true);
    expect(isValidHash('deadbeef0123')).toBe(true);
    expect(isValidHash('a'.repeat(MAX_HASH_LENGTH))).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too long', '1'.repeat(MAX_HASH_LENGTH + 1)],
    ['parent folder', '..'],
    ['dot', '.'],
    ['slash', '12/34'],
    ['backslash', '12\\34'],
    ['percent escape', '..%2f..%2fetc%2fpasswd'],
    ['uppercase', 'DEADBEEF'],
    ['NUL', '12\u000034'],
    ['space', '12 34'],
    ['non-ascii digit', '١٢٣'],
  ])('refuses %s', (_label, value) => {
    expect(isValidHash(value)).toBe(false);
  });
});

describe('request routing', () => {
  it('routes /v1/cache/{hash}, also with a double slash and a query string', () => {
    expect(parseRequestPath('/v1/cache/123')).toEqual({ kind: 'cache', hash: '123' });
    expect(parseRequestPath('//v1/cache/123')).toEqual({ kind: 'cache', hash: '123' });
    expect(parseRequestPath('/v1//cache//123')).toEqual({ kind: 'cache', hash: '123' });
    expect(parseRequestPath('/v1/cache/123?x=1')).toEqual({ kind: 'cache', hash: '123' });
  });

  it('flags traversal attempts as invalid hashes, never as a cache key', () => {
    expect(parseRequestPath('/v1/cache/../../etc/passwd')).toEqual({
      kind: 'invalid-hash',
      raw: '../../etc/passwd',
    });
    expect(parseRequestPath('/v1/cache/%2e%2e%2fsecret')).toEqual({
      kind: 'invalid-hash',
      raw: '%2e%2e%2fsecret',
    });
    expect(parseRequestPath('/v1/cache/')).toEqual({ kind: 'invalid-hash', raw: '' });
  });

  it('knows /health and nothing else', () => {
    expect(parseRequestPath('/health')).toEqual({ kind: 'health' });
    expect(parseRequestPath('/')).toEqual({ kind: 'unknown' });
    expect(parseRequestPath('/v2/cache/1')).toEqual({ kind: 'unknown' });
    expect(parseRequestPath(undefined)).toEqual({ kind: 'unknown' });
  });
});
