import { describe, expect, it } from 'vitest';
import { PayloadShape } from '../../check/payload-shape.js';
import { readCsvTable } from './csv-source.js';

const spec = { source: 't', delimiter: ';', columns: ['Region', 'Verdi'] };
const part = (body: string) => ({ url: 'http://127.0.0.1/t/data.csv', body });

describe('readCsvTable', () => {
  it('hands out the columns the source reads by label, and notes every header label', () => {
    const shape = new PayloadShape();
    const rows = readCsvTable(part('"Region";"Periode";"Verdi"\n"0301 Oslo";"2024";"12,5"\n'), spec, shape);
    expect(rows).toEqual([{ line: 2, values: { Region: '0301 Oslo', Verdi: '12,5' } }]);
    expect(shape.toJSON()).toEqual({ column: ['Periode', 'Region', 'Verdi'] });
  });

  it('names a column missing from the header, and a line with another number of fields', () => {
    expect(() => readCsvTable(part('"Område";"Verdi"\n'), spec, new PayloadShape())).toThrow(
      't: field "Region": column "Region" is missing from the header (it has "Område", "Verdi"): the file layout changed, update the source definition',
    );
    expect(() => readCsvTable(part('Region;Verdi\n0301;1\n4601;2;3\n'), spec, new PayloadShape())).toThrow(
      't: row line 3: has 3 fields, the header 2: the file is cut or a delimiter is not quoted',
    );
    expect(() => readCsvTable(part(''), spec, new PayloadShape())).toThrow(
      't: the response of http://127.0.0.1/t/data.csv is empty: expected a header line',
    );
  });
});
