import { describe, expect, it } from 'vitest';
import { normalizeMetadataOf } from './internal/metadata-rules.js';
import { normalizeMetadata } from './normalize-metadata.js';

describe('normalizeMetadata', () => {
  it('wraps raw values for inference, sends plain objects as json and keeps explicit types', () => {
    expect(
      normalizeMetadata({
        n: 1,
        f: 1.5,
        s: 'x',
        b: false,
        nil: null,
        list: [1],
        obj: { k: 'v' },
        url: { raw_value: 'http://127.0.0.1/x', type: 'url' },
      }),
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

  it('rejects what the orchestrator would reject, naming the call: unknown types, half-typed values, undefined, NaN', () => {
    expect(() => normalizeMetadataOf({ x: { raw_value: 1, type: 'integer' } }, 'report_asset_check')).toThrow(
      /Invalid metadata type `integer` for `x` of `report_asset_check`/,
    );
    expect(() => normalizeMetadata({ x: { raw_value: 1, type: 'job' } })).toThrow(
      /Invalid metadata type `job`/,
    );
    expect(() => normalizeMetadata({ x: { raw_value: 1 } })).toThrow(/exactly the keys raw_value and type/);
    expect(() => normalizeMetadata({ x: undefined })).toThrow(/undefined is not a metadata value/);
    expect(() => normalizeMetadata({ x: Number.NaN })).toThrow(/NaN cannot be sent as JSON/);
    expect(() => normalizeMetadata([1] as never)).toThrow(/expected an object of name → value/);
  });
});
