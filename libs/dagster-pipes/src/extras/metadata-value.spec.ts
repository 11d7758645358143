import { describe, expect, it } from 'vitest';
import { normalizeMetadata } from '../index.js';
import { MetadataValue } from './metadata-value.js';

describe('MetadataValue', () => {
  it('builds typed values the orchestrator reads as they are', () => {
    expect(MetadataValue.int(10n)).toEqual({ raw_value: 10, type: 'int' });
    expect(() => MetadataValue.int(2 ** 60)).toThrow(/not a safe integer/);
    expect(MetadataValue.float(2)).toEqual({ raw_value: 2, type: 'float' });
    expect(MetadataValue.timestamp(new Date('2024-01-01T00:00:00Z'))).toEqual({
      raw_value: 1704067200,
      type: 'timestamp',
    });
    expect(MetadataValue.json({ a: [1] })).toEqual({ raw_value: { a: [1] }, type: 'json' });
    expect(MetadataValue.text('t').type).toBe('text');
    expect(MetadataValue.url('http://127.0.0.1/').type).toBe('url');
    expect(MetadataValue.null()).toEqual({ raw_value: null, type: 'null' });
    const all = {
      text: MetadataValue.text('t'),
      path: MetadataValue.path('/data/x.csv'),
      md: MetadataValue.md('# x'),
      bool: MetadataValue.bool(true),
    };
    expect(normalizeMetadata(all)).toEqual(all);
  });
});
