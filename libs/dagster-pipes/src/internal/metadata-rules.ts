import { DagsterPipesError } from '../errors.js';
import { ORCHESTRATOR_METADATA_TYPES } from './protocol.js';

/** A metadata entry as it goes on the wire. */
export interface WireMetadataValue {
  raw_value: unknown;
  type: string;
}

const TYPES = new Set(ORCHESTRATOR_METADATA_TYPES);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly {raw_value, type}: the orchestrator reads it as an explicitly typed value. */
function isTypedValue(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'raw_value' && keys[1] === 'type';
}

/**
 * Every entry becomes {raw_value, type}: scalars and arrays get the "infer" type, plain objects the
 * json type, explicit pairs are checked against the types the orchestrator knows. The rules of the
 * Python reference, so a value the orchestrator would reject fails in the process that made it.
 * `method` names the call in the error line.
 */
export function normalizeMetadataOf(metadata: unknown, method: string): Record<string, WireMetadataValue> {
  if (!isPlainObject(metadata)) {
    throw new DagsterPipesError(`Invalid metadata for \`${method}\`: expected an object of name → value.`);
  }
  const normalized: Record<string, WireMetadataValue> = {};
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
      if (typeof value['type'] !== 'string' || !TYPES.has(value['type'])) {
        throw new DagsterPipesError(
          `Invalid metadata type \`${String(value['type'])}\` for \`${key}\` of \`${method}\`: expected one of ${ORCHESTRATOR_METADATA_TYPES.join(', ')}.`,
        );
      }
      normalized[key] = { raw_value: value['raw_value'], type: value['type'] };
    } else if (isPlainObject(value) && ('raw_value' in value || 'type' in value)) {
      throw new DagsterPipesError(
        `Invalid metadata \`${key}\` for \`${method}\`: a typed value needs exactly the keys raw_value and type.`,
      );
    } else if (isPlainObject(value)) {
      // The Python writer refuses bare dicts; sending them as explicit JSON keeps the intent.
      normalized[key] = { raw_value: value, type: 'json' };
    } else {
      normalized[key] = { raw_value: value, type: '__infer__' };
    }
  }
  return normalized;
}
