import { describe, expect, it } from 'vitest';
import { Method, type PipesMessage } from '../types.js';
import { serializeMessage } from './message-line.js';

describe('serializeMessage', () => {
  it('writes integral float metadata as a JSON float, everything else as JSON.stringify does', () => {
    const message: PipesMessage = {
      __dagster_pipes_version: '0.1',
      method: Method.ReportAssetMaterialization,
      params: {
        asset_key: 'raw/x',
        data_version: null,
        metadata: {
          seconds: { raw_value: 2, type: 'float' },
          negative: { raw_value: -3, type: 'float' },
          fraction: { raw_value: 2.5, type: 'float' },
          huge: { raw_value: 1e21, type: 'float' },
          count: { raw_value: 2, type: 'int' },
          label: { raw_value: '7', type: 'text' },
        },
      },
    };
    const line = serializeMessage(message);
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toContain('"seconds":{"raw_value":2.0,"type":"float"}');
    expect(line).toContain('"negative":{"raw_value":-3.0,"type":"float"}');
    expect(line).toContain('"fraction":{"raw_value":2.5,"type":"float"}');
    expect(line).toContain('"huge":{"raw_value":1e+21,"type":"float"}');
    expect(line).toContain('"count":{"raw_value":2,"type":"int"}');
    expect(JSON.parse(line)).toEqual(message);
  });
});
