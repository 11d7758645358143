import { describe, expect, it } from 'vitest';
import { validationErrorLine } from './validate-output.js';

describe('validationErrorLine', () => {
  it('takes the last exception of the cause chain, without ANSI colours or module path', () => {
    const output = [
      '\u001b[32m2026-01-01\u001b[0m - dagster - \u001b[34mERROR\u001b[0m - \u001b[31mValidation failed for code location x:',
      'dagster._core.errors.DagsterInvalidDefinitionError: Failed to resolve asset job broken',
      'The above exception was caused by the following exception:',
      "dagster._core.errors.DagsterInvalidSubsetError: AssetKey(s) ['missing'] were selected",
      '\u001b[0m',
    ].join('\n');
    expect(validationErrorLine(output)).toBe(
      "DagsterInvalidSubsetError: AssetKey(s) ['missing'] were selected",
    );
  });

  it('falls back to the last ERROR log line, then to nothing', () => {
    expect(validationErrorLine('x - dagster - ERROR - Validation for 1 code locations failed.')).toBe(
      'Validation for 1 code locations failed.',
    );
    expect(validationErrorLine('all good')).toBeUndefined();
  });
});
