import { describe, expect, it } from 'vitest';
import { specUrlFrom } from './spec-url';

describe('specUrlFrom', () => {
  it('uses the committed snapshot when no live URL is configured', () => {
    expect(specUrlFrom(undefined, '/openapi.json')).toBe('/openapi.json');
    expect(specUrlFrom({ openapiUrl: '' }, '/openapi.json')).toBe('/openapi.json');
    expect(specUrlFrom({ openapiUrl: '   ' }, '/openapi.json')).toBe('/openapi.json');
  });

  it('uses the live URL when one is configured', () => {
    expect(specUrlFrom({ openapiUrl: ' https://api-atlas.helpers.no/ ' }, '/openapi.json')).toBe(
      'https://api-atlas.helpers.no/',
    );
  });

  it('ignores a setting that is not a string', () => {
    expect(specUrlFrom({ openapiUrl: 42 }, '/openapi.json')).toBe('/openapi.json');
  });
});
