import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../fixtures/fixture-server.js';
import { readFixture, readFixtureBody } from '../../../fixtures/read-fixture.js';
import { describeSourceContract } from '../../../testing/source-contract.js';
import { ssbPopulation } from './ssb-population.js';

describeSourceContract(ssbPopulation, {
  table: 'ssb_population',
  columns: ['region_code text', 'year int', 'population int'],
  kommuneOf: (r) => (r[0] as string).replace(/^K-/, ''),
});

describe('ssb-population: 07459 with codelist agg_KommSummer', () => {
  it('keeps the K- region codes SSB answers with, for every kommune and the two years', async () => {
    const { values } = await readFixture(ssbPopulation);
    expect(values).toHaveLength(357 * 2);
    expect(values.every((r) => /^K-\d{4}$/.test(r[0] as string))).toBe(true);
    expect(values).toContainEqual(['K-0301', 2024, 717710]);
  });

  it('asks for the grouping and names the request when the prefix is missing', async () => {
    expect(ssbPopulation.firstRequest().path).toContain('codelist%5BRegion%5D=agg_KommSummer');
    const json = JSON.parse(await readFile(join(FIXTURES_DIR, 'ssb-population', '07459.json'), 'utf8')) as {
      dimension: { Region: { category: { index: Record<string, number> } } };
    };
    const index = json.dimension.Region.category.index;
    json.dimension.Region.category.index = Object.fromEntries(
      Object.entries(index).map(([k, v]) => [k.slice(2), v]),
    );
    await expect(readFixtureBody(ssbPopulation, JSON.stringify(json))).rejects.toThrow(
      'ssb-population: row 1 (Region=0301, ContentsCode=Personer1, Tid=2023), field "region_code": "0301" is not a region of the agg_KommSummer grouping (K-<kommunenummer>): SSB did not apply codelist[Region], check the request',
    );
  });
});
