import { describe, expect, it } from 'vitest';
import { compareShapes, PayloadShape } from './payload-shape.js';

function shape(entries: [string, string][]): PayloadShape {
  const s = new PayloadShape();
  for (const [aspect, value] of entries) s.note(aspect, value);
  return s;
}

describe('compareShapes', () => {
  it('finds nothing when the shapes agree, whatever the order of notes', () => {
    const a = shape([
      ['dimension', 'Tid'],
      ['dimension', 'Region'],
      ['ContentsCode code', 'Personer1'],
    ]);
    const b = shape([
      ['ContentsCode code', 'Personer1'],
      ['dimension', 'Region'],
      ['dimension', 'Tid'],
      ['dimension', 'Tid'],
    ]);
    expect(compareShapes(a, b)).toEqual([]);
  });

  it('names what is missing and what is new, per aspect', () => {
    const recorded = shape([
      ['dimension', 'Region'],
      ['dimension', 'Tid'],
      ['LovbruddKrim code', '1AAAAA-9ZZZZz'],
    ]);
    const live = shape([
      ['dimension', 'Gjerningssted'],
      ['dimension', 'Tid'],
      ['LovbruddKrim code', '1AAAAA-9ZZZZz'],
      ['LovbruddKrim code', '9AAAAA-9ZZZZz'],
      ['field', 'navn'],
    ]);
    expect(compareShapes(recorded, live)).toEqual([
      'dimension "Region" is missing',
      'dimension "Gjerningssted" is new',
      'LovbruddKrim code "9AAAAA-9ZZZZz" is new',
      'field "navn" is new',
    ]);
  });
});
