import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenStore, bearerToken, parseTokenList, tokenId } from './tokens.js';

describe('tokens', () => {
  const store = new TokenStore(
    ['read-token-aaaaaaaaaaaa', 'read-token-bbbbbbbbbbbb'],
    ['write-token-cccccccccccc'],
  );

  it('grants read to read tokens and write (which includes read) to write tokens', () => {
    expect(store.check('read-token-aaaaaaaaaaaa')?.access).toBe('read');
    expect(store.check('read-token-bbbbbbbbbbbb')?.access).toBe('read');
    expect(store.check('write-token-cccccccccccc')?.access).toBe('write');
  });

  it('refuses unknown tokens, prefixes and extensions of known ones', () => {
    expect(store.check('')).toBeNull();
    expect(store.check('read-token-aaaaaaaaaaa')).toBeNull();
    expect(store.check('read-token-aaaaaaaaaaaaa')).toBeNull();
    expect(store.check('WRITE-TOKEN-CCCCCCCCCCCC')).toBeNull();
  });

  it('a token listed as both read and write writes', () => {
    expect(
      new TokenStore(['same-token-dddddddddd'], ['same-token-dddddddddd']).check('same-token-dddddddddd')
        ?.access,
    ).toBe('write');
  });

  it('identifies tokens by the first 8 hex characters of their sha256', () => {
    const expected = createHash('sha256').update('write-token-cccccccccccc').digest('hex').slice(0, 8);
    expect(tokenId('write-token-cccccccccccc')).toBe(expected);
    expect(store.check('write-token-cccccccccccc')?.tokenId).toBe(expected);
  });

  it('parses lists and bearer headers', () => {
    expect(parseTokenList(' a , ,b,')).toEqual(['a', 'b']);
    expect(parseTokenList(undefined)).toEqual([]);
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
