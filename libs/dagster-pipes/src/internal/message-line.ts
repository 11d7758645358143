import type { PipesMessage } from '../types.js';

const FLOAT_MARK = '\u0000pipes-float:';

function isIntegralFloat(value: unknown): value is { raw_value: number; type: 'float' } {
  if (typeof value !== 'object' || value === null) return false;
  const typed = value as { raw_value?: unknown; type?: unknown };
  // Only plain digits: 1e21 is integral too, but String() writes it in exponent form.
  return (
    typed.type === 'float' && typeof typed.raw_value === 'number' && /^-?\d+$/.test(String(typed.raw_value))
  );
}

/**
 * One message as one JSON line. JS has no integral float: JSON.stringify(1.0) is "1", which Python
 * reads back as int and Dagster's float metadata then rejects. Float metadata with an integral value
 * is therefore written as "1.0".
 */
export function serializeMessage(message: PipesMessage): string {
  const json = JSON.stringify(message, (_key, value: unknown) =>
    isIntegralFloat(value) ? { ...value, raw_value: `${FLOAT_MARK}${String(value.raw_value)}` } : value,
  );
  return `${json.replace(/"\\u0000pipes-float:(-?\d+)"/g, '$1.0')}\n`;
}
