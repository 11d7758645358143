import { describe, expect, it } from 'vitest';
import { MetadataValue, normalizeMetadata } from './metadata.js';

describe('normalizeMetadata', () => {
  it('wraps raw values for inference and keeps explicit types', () => {
    expect(
      normalizeMetadata(
        {
          n: 1,
          f: 1.5,
          s: 'x',
          b: false,
          nil: null,
          list: [1],
          obj: { k: 'v' },
          url: MetadataValue.url('http://127.0.0.1/x'),
        },
        'm',
      ),
    ).toEqual({
      n: { raw_value: 1, type: '__infer__' },
      f: { raw_value: 1.5, type: '__infer__' },
      s: { raw_value: 'x', type: '__infer__' },
      b: { raw_value: false, type: '__infer__' },
      nil: { raw_value: null, type: '__infer__' },
      list: { raw_value: [1], type: '__infer__' },
      obj: { raw_value: { k: 'v' }, type: 'json' },
      url: { raw_value: 'http://127.0.0.1/x', type: 'url' },
    });
  });

  it('rejects unknown types, half-typed values, undefined and non-finite numbers', () => {
    expect(() =>
      normalizeMetadata({ x: { raw_value: 1, type: 'integer' as never } }, 'report_asset_check'),
    ).toThrow(/Invalid metadata type `integer` for `x` of `report_asset_check`/);
    expect(() => normalizeMetadata({ x: { raw_value: 1 } as never }, 'm')).toThrow(
      /exactly the keys raw_value and type/,
    );
    expect(() => normalizeMetadata({ x: undefined as never }, 'm')).toThrow(
      /undefined is not a metadata value/,
    );
    expect(() => normalizeMetadata({ x: Number.NaN }, 'm')).toThrow(/NaN cannot be sent as JSON/);
  });

  it('builds typed values', () => {
    expect(MetadataValue.int(10n)).toEqual({ raw_value: 10, type: 'int' });
    expect(() => MetadataValue.int(2 ** 60)).toThrow(/not a safe integer/);
    expect(MetadataValue.timestamp(new Date('2024-01-01T00:00:00Z'))).toEqual({
      raw_value: 1704067200,
      type: 'timestamp',
    });
    expect(MetadataValue.json({ a: [1] })).toEqual({ raw_value: { a: [1] }, type: 'json' });
    expect(MetadataValue.text('t').type).toBe('text');
    expect(MetadataValue.null()).toEqual({ raw_value: null, type: 'null' });
  });
});
