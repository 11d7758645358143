import { describe, expect, it } from 'vitest';
import { readApiBaseUrl } from './config';

describe('readApiBaseUrl', () => {
  it('takes ATLAS_API_URL without trailing slashes', () => {
    expect(readApiBaseUrl({ ATLAS_API_URL: 'http://127.0.0.1:3001/' })).toBe('http://127.0.0.1:3001');
    expect(readApiBaseUrl({ ATLAS_API_URL: ' https://api.example.org/base// ' })).toBe(
      'https://api.example.org/base',
    );
  });

  it('says what to set when it is missing or empty', () => {
    expect(() => readApiBaseUrl({})).toThrow(
      'ATLAS_API_URL is not set: set it to the base URL of the Atlas API (PostgREST), e.g. http://localhost:3001.',
    );
    expect(() => readApiBaseUrl({ ATLAS_API_URL: '  ' })).toThrow('ATLAS_API_URL is not set');
  });

  it('rejects what is not an http(s) base URL', () => {
    expect(() => readApiBaseUrl({ ATLAS_API_URL: 'localhost:3001' })).toThrow(
      'ATLAS_API_URL must be http or https, not localhost: (localhost:3001).',
    );
    expect(() => readApiBaseUrl({ ATLAS_API_URL: 'not a url' })).toThrow(
      'ATLAS_API_URL is not a URL ("not a url")',
    );
    expect(() => readApiBaseUrl({ ATLAS_API_URL: 'http://h/v1?x=1' })).toThrow(
      'ATLAS_API_URL must not carry a query or fragment',
    );
  });
});
