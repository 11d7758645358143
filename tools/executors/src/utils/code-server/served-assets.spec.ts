import { describe, expect, it } from 'vitest';
import { missingAssets } from './served-assets.js';

describe('missingAssets', () => {
  const served = {
    location: 'x',
    repositories: { __repository__: ['raw/kommuner', 'dim_kommune'], other: ['raw/ssb_population'] },
  };
  it('looks across every served repository', () => {
    expect(missingAssets(served, ['raw/kommuner', 'raw/ssb_population'])).toEqual([]);
  });
  it('lists what is missing in the order expected', () => {
    expect(missingAssets(served, ['raw/ssb_crime', 'dim_kommune', 'kommuner'])).toEqual([
      'raw/ssb_crime',
      'kommuner',
    ]);
  });
});
