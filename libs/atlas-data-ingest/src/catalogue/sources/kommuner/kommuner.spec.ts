import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../fixtures/read-fixture.js';
import { REFERENCE_KOMMUNER } from '../../reference-kommuner.js';
import { describeSourceContract } from '../../../testing/source-contract.js';
import { kommuner } from './kommuner.js';

describeSourceContract(kommuner, {
  table: 'kommuner',
  columns: ['kommunenummer text', 'kommunenavn text', 'valid_from date'],
  kommuneOf: (r) => r[0] as string,
});

describe('kommuner: KLASS 131 codesAt', () => {
  it('reads the 357 kommuner valid from 2024 and the 9999 "Uoppgitt" code the classification carries', async () => {
    const { values, shape } = await readFixture(kommuner);
    expect(values).toHaveLength(358);
    expect(new Set(values.map((r) => r[0])).size).toBe(358);
    expect(values).toContainEqual(['9999', 'Uoppgitt', null]);
    for (const [nummer, navn] of REFERENCE_KOMMUNER) expect(values).toContainEqual([nummer, navn, null]);
    // codesAt serves these fields and no others (the range endpoint adds validFromInRequestedRange).
    expect(shape.toJSON()['codes[] field']).toEqual([
      'code',
      'level',
      'name',
      'notes',
      'parentCode',
      'presentationName',
      'shortName',
      'validFrom',
      'validTo',
    ]);
  });
});
