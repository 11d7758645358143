import { describe, expect, it } from 'vitest';
import { readJsonStatDataset, requireDimensions } from './json-stat.js';

const dataset = () => ({
  version: '2.0',
  class: 'dataset',
  id: ['Region', 'ContentsCode', 'Tid'],
  size: [2, 1, 2],
  dimension: {
    Region: {
      label: 'region',
      category: { index: { '0301': 0, '4601': 1 }, label: { '0301': 'Oslo', '4601': 'Bergen' } },
    },
    ContentsCode: { category: { index: ['Personer1'], label: { Personer1: 'Personer' } } },
    Tid: { category: { index: { '2023': 0, '2024': 1 } } },
  },
  value: [1, 2, 3, null],
});

describe('readJsonStatDataset', () => {
  it('walks the cube row-major, last dimension fastest, with codes and labels', () => {
    const cells = [...readJsonStatDataset('t', dataset()).cells()];
    expect(cells.map((c) => [c.codes['Region'], c.codes['Tid'], c.value])).toEqual([
      ['0301', '2023', 1],
      ['0301', '2024', 2],
      ['4601', '2023', 3],
      ['4601', '2024', null],
    ]);
    expect(cells[2]?.labels['Region']).toBe('Bergen');
    // A category without a label is labelled by its code.
    expect(cells[0]?.labels['Tid']).toBe('2023');
  });

  it('reads a sparse value object, missing positions being null', () => {
    const json = { ...dataset(), value: { '0': 10, '3': 40 } };
    expect([...readJsonStatDataset('t', json).cells()].map((c) => c.value)).toEqual([10, null, null, 40]);
  });

  it.each([
    ['a version other than 2.0', { version: '1.0' }, /t: field "version": JSON-stat version is "1.0"/],
    ['a collection', { class: 'collection' }, /field "class"/],
    ['size not matching id', { size: [2, 1] }, /field "size"/],
    ['a value array of the wrong length', { value: [1, 2, 3] }, /field "value": has 3 entries, expected 4/],
    ['no value', { value: undefined }, /field "value"/],
  ])('rejects %s', (_name, patch, message) => {
    expect(() => readJsonStatDataset('t', { ...dataset(), ...patch })).toThrow(message);
  });

  it('rejects a category count that disagrees with size', () => {
    const json = dataset();
    json.size = [3, 1, 2];
    json.value = [1, 2, 3, 4, 5, 6];
    expect(() => readJsonStatDataset('t', json)).toThrow(
      /field "dimension.Region": has 2 categories but size says 3/,
    );
  });

  it('rejects a dimension listed in id but not described', () => {
    const json = dataset();
    const dimensions: Record<string, unknown> = { ...json.dimension };
    delete dimensions['Tid'];
    Object.assign(json, { dimension: dimensions });
    expect(() => readJsonStatDataset('t', json)).toThrow(/dimension "Tid" listed in id has no category/);
  });
});

describe('requireDimensions', () => {
  it('names a missing (renamed) dimension', () => {
    const json = dataset() as unknown as { id: string[]; dimension: Record<string, unknown> };
    json.id[2] = 'Aar';
    json.dimension['Aar'] = json.dimension['Tid'];
    const ds = readJsonStatDataset('ssb-population', json);
    expect(() => requireDimensions('ssb-population', ds, ['Region', 'ContentsCode', 'Tid'])).toThrow(
      'ssb-population: field "Tid": dimension "Tid" is missing from the JSON-stat dataset (it has Region, ContentsCode, Aar): the upstream table changed, update the source definition',
    );
  });

  it('refuses an unread dimension with several categories, accepts a single-category one', () => {
    const ds = readJsonStatDataset('t', dataset());
    expect(() => requireDimensions('t', ds, ['ContentsCode', 'Tid'])).toThrow(
      /unexpected dimension "Region" with 2 categories/,
    );
    expect(() => requireDimensions('t', ds, ['Region', 'Tid'])).not.toThrow();
  });
});
