import { DagsterPipesError, Type, type PipesMetadataValue } from '../index.js';

type Raw = PipesMetadataValue['raw_value'];

const typed = (raw_value: Raw, type: Type): PipesMetadataValue => ({ raw_value, type });

/**
 * Typed metadata values, for values whose inferred type would be the wrong kind (a hash is text, not
 * a number-like string; a duration of 2 s is a float, not an int). They are upstream's
 * PipesMetadataValue, so any Pipes context takes them as they are.
 */
export const MetadataValue = {
  text: (value: string): PipesMetadataValue => typed(value, Type.Text),
  url: (value: string): PipesMetadataValue => typed(value, Type.URL),
  path: (value: string): PipesMetadataValue => typed(value, Type.Path),
  md: (value: string): PipesMetadataValue => typed(value, Type.Md),
  json: (value: Raw): PipesMetadataValue => typed(value, Type.JSON),
  int: (value: number | bigint): PipesMetadataValue => {
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (!Number.isSafeInteger(n)) {
      throw new DagsterPipesError(`MetadataValue.int: ${String(value)} is not a safe integer.`);
    }
    return typed(n, Type.Int);
  },
  float: (value: number): PipesMetadataValue => typed(value, Type.Float),
  bool: (value: boolean): PipesMetadataValue => typed(value, Type.Bool),
  /** Seconds since the Unix epoch, as Dagster's TimestampMetadataValue stores it. */
  timestamp: (value: Date): PipesMetadataValue => typed(value.getTime() / 1000, Type.Timestamp),
  null: (): PipesMetadataValue => typed(null, Type.Null),
};
