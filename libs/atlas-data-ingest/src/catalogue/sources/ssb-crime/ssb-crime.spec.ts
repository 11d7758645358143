import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../fixtures/fixture-server.js';
import { readFixture, readFixtureBody } from '../../../fixtures/read-fixture.js';
import { REFERENCE_KOMMUNENUMMER } from '../../reference-kommuner.js';
import { describeSourceContract } from '../../../testing/source-contract.js';
import { ssbCrime } from './ssb-crime.js';

describeSourceContract(ssbCrime, {
  table: 'ssb_crime',
  columns: [
    'region_code text',
    'region_label text',
    'offence_group_code text',
    'offence_group_label text',
    'period text',
    'reported_offences numeric',
    'offences_per_1000 numeric',
  ],
  kommuneOf: (r) => r[0] as string,
});

describe('ssb-crime: 08487', () => {
  it('reads Gjerningssted, both content codes side by side and two-year periods', async () => {
    const { values } = await readFixture(ssbCrime);
    const oslo = values.filter((r) => r[0] === '0301' && r[2] === '1AAAAA-9ZZZZz');
    expect(oslo.map((r) => r[4])).toEqual(['2023-2024', '2024-2025']);
    expect(oslo.every((r) => typeof r[5] === 'number' && typeof r[6] === 'number')).toBe(true);
    // Places as SSB writes them: totals, counties, unknown-kommune buckets, former kommuner.
    expect(new Set(values.map((r) => r[0]))).toEqual(
      new Set([
        'Ialt',
        '0',
        '00',
        '0000',
        '99',
        '03',
        '46',
        '0399',
        '4699',
        '3005',
        '1201',
        ...REFERENCE_KOMMUNENUMMER,
      ]),
    );
  });

  it('loads all 16 offence groups, the 9 of the grouping before 2015 without figures in recent periods', async () => {
    const { values, shape } = await readFixture(ssbCrime);
    expect(shape.toJSON()['LovbruddKrim code']).toHaveLength(16);
    const legacy = values.filter((r) => !/ZZZZz$/.test(r[2] as string));
    expect(new Set(legacy.map((r) => r[2])).size).toBe(9);
    expect(legacy.every((r) => r[5] === null && r[6] === null)).toBe(true);
  });

  it('refuses a period that is not two years', async () => {
    const text = (await readFile(join(FIXTURES_DIR, 'ssb-crime', '08487.json'), 'utf8')).replaceAll(
      '"2023-2024"',
      '"2023"',
    );
    await expect(readFixtureBody(ssbCrime, text)).rejects.toThrow(
      /^ssb-crime: row 1 \(Gjerningssted=Ialt, LovbruddKrim=1AAAAA-9ZZZZz, ContentsCode=AnmeldteLovbrudd, Tid=2023\), field "period": "2023" is not a two-year period \(2023-2024\)/,
    );
  });
});
