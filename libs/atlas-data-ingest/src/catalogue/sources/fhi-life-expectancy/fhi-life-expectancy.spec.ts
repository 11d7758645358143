import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../fixtures/fixture-server.js';
import { readFixture, readFixtureBody } from '../../../fixtures/read-fixture.js';
import { describeSourceContract } from '../../../testing/source-contract.js';
import { fhiLifeExpectancy } from './fhi-life-expectancy.js';

describeSourceContract(fhiLifeExpectancy, {
  table: 'fhi_life_expectancy',
  columns: ['geo_code text', 'period_code text', 'sex_code text', 'life_expectancy numeric'],
  kommuneOf: (r) => r[0] as string,
});

describe('fhi-life-expectancy: FHI table 660', () => {
  it('sends exactly one documented filter for each dimension of the table', async () => {
    const body = fhiLifeExpectancy.firstRequest().body as {
      dimensions: { code: string; filter: string; values: string[] }[];
    };
    const dataset = JSON.parse(
      await readFile(join(FIXTURES_DIR, 'fhi-life-expectancy', 'life-expectancy.json'), 'utf8'),
    ) as {
      id: string[];
    };
    expect(body.dimensions.map((d) => d.code).sort()).toEqual([...dataset.id].sort());
    expect(dataset.id).toEqual(['GEO', 'AAR', 'KJONN', 'ALDER', 'UTDANN', 'MEASURE_TYPE']);
    for (const d of body.dimensions) {
      expect(['item', 'all', 'top'], d.code).toContain(d.filter);
      expect(d.values.length, d.code).toBeGreaterThan(0);
    }
    expect(body.dimensions.find((d) => d.code === 'MEASURE_TYPE')).toEqual({
      code: 'MEASURE_TYPE',
      filter: 'item',
      values: ['MEIS'],
    });
  });

  it('keeps GEO, the period code and the sex code as FHI writes them, suppressed values as null', async () => {
    const { values } = await readFixture(fhiLifeExpectancy);
    expect(new Set(values.map((r) => r[1]))).toEqual(new Set(['1998_2022', '1999_2023']));
    expect(new Set(values.map((r) => r[2]))).toEqual(new Set(['0', '1', '2']));
    expect(values.filter((r) => r[0] === '030101').every((r) => r[3] === null)).toBe(true);
    expect(values.some((r) => r[0] === '0' && typeof r[3] === 'number')).toBe(true);
  });

  it('names a fixed dimension that answers with another category', async () => {
    const text = (
      await readFile(join(FIXTURES_DIR, 'fhi-life-expectancy', 'life-expectancy.json'), 'utf8')
    ).replaceAll('"0_0"', '"30_30"');
    await expect(readFixtureBody(fhiLifeExpectancy, text)).rejects.toThrow(
      'fhi-life-expectancy: field "ALDER": dimension "ALDER" answers with "30_30", the query asked for "0_0": the table changed, update the source definition',
    );
  });
});
