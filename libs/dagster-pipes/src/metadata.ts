import { DagsterPipesError } from './errors.js';
import {
  PIPES_METADATA_TYPE_INFER,
  PIPES_METADATA_TYPES,
  type PipesMetadata,
  type PipesMetadataRawValue,
  type PipesMetadataType,
  type PipesMetadataValue,
} from './protocol.js';

const TYPES = new Set<string>(PIPES_METADATA_TYPES);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value shaped exactly like {raw_value, type}: the orchestrator reads it as an explicit type. */
function isTypedValue(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'raw_value' && keys[1] === 'type';
}

/**
 * Every entry becomes {raw_value, type}: scalars and arrays get the "infer" type, plain objects the
 * json type, explicit pairs are checked against the types the orchestrator knows. Same rules as the Python reference, so a value it would
 * reject fails here, in the process that made the mistake.
 */
export function normalizeMetadata(
  metadata: PipesMetadata,
  method: string,
): Record<string, PipesMetadataValue> {
  if (!isPlainObject(metadata)) {
    throw new DagsterPipesError(`Invalid metadata for \`${method}\`: expected an object of name → value.`);
  }
  const normalized: Record<string, PipesMetadataValue> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value === undefined) {
      throw new DagsterPipesError(
        `Invalid metadata \`${key}\` for \`${method}\`: undefined is not a metadata value (use null).`,
      );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new DagsterPipesError(
        `Invalid metadata \`${key}\` for \`${method}\`: ${value} cannot be sent as JSON.`,
      );
    }
    if (isPlainObject(value) && isTypedValue(value)) {
      const typed = value as unknown as PipesMetadataValue;
      const type = typed.type;
      if (!TYPES.has(type)) {
        throw new DagsterPipesError(
          `Invalid metadata type \`${String(type)}\` for \`${key}\` of \`${method}\`: expected one of ${PIPES_METADATA_TYPES.join(', ')}.`,
        );
      }
      normalized[key] = { raw_value: typed.raw_value, type };
    } else if (isPlainObject(value) && ('raw_value' in value || 'type' in value)) {
      throw new DagsterPipesError(
        `Invalid metadata \`${key}\` for \`${method}\`: a typed value needs exactly the keys raw_value and type.`,
      );
    } else if (isPlainObject(value)) {
      // The Python writer refuses bare dicts; sending them as explicit JSON keeps the intent.
      normalized[key] = { raw_value: value as PipesMetadataRawValue, type: 'json' };
    } else {
      normalized[key] = { raw_value: value as PipesMetadataRawValue, type: PIPES_METADATA_TYPE_INFER };
    }
  }
  return normalized;
}

/** Typed metadata constructors, for values whose type inference would pick the wrong kind. */
export const MetadataValue = {
  text: (value: string): PipesMetadataValue => ({ raw_value: value, type: 'text' }),
  url: (value: string): PipesMetadataValue => ({ raw_value: value, type: 'url' }),
  path: (value: string): PipesMetadataValue => ({ raw_value: value, type: 'path' }),
  md: (value: string): PipesMetadataValue => ({ raw_value: value, type: 'md' }),
  json: (value: PipesMetadataRawValue): PipesMetadataValue => ({ raw_value: value, type: 'json' }),
  int: (value: number | bigint): PipesMetadataValue => {
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (!Number.isSafeInteger(n))
      throw new DagsterPipesError(`MetadataValue.int: ${String(value)} is not a safe integer.`);
    return { raw_value: n, type: 'int' };
  },
  float: (value: number): PipesMetadataValue => ({ raw_value: value, type: 'float' }),
  bool: (value: boolean): PipesMetadataValue => ({ raw_value: value, type: 'bool' }),
  /** Seconds since the Unix epoch, as Dagster's TimestampMetadataValue stores it. */
  timestamp: (value: Date): PipesMetadataValue => ({ raw_value: value.getTime() / 1000, type: 'timestamp' }),
  null: (): PipesMetadataValue => ({ raw_value: null, type: 'null' }),
} satisfies Record<
  string,
  (...args: never[]) => { raw_value: PipesMetadataRawValue; type: PipesMetadataType }
>;
