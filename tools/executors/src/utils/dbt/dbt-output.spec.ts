import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbtErrorLine, plainLines } from './dbt-output.js';

/** Console output of real dbt 1.11 runs that ended with exit code 2 (tiny-dbt fixture). */
const recorded = (name: string) => readFileSync(join(import.meta.dirname, 'test-fixtures', name), 'utf8');

describe('dbtErrorLine', () => {
  it('names a YAML parse error and where it is', () => {
    expect(dbtErrorLine(recorded('dbt-output-parsing-error.txt'))).toBe(
      'Parsing Error: Error reading tiny: sources.yml - Runtime Error: Syntax error near line 4',
    );
  });

  it('names an unreachable database', () => {
    expect(dbtErrorLine(recorded('dbt-output-connection-refused.txt'))).toBe(
      'Database Error: connection to server at "127.0.0.1", port 1 failed: Connection refused',
    );
  });

  it('names a Jinja compilation error with its model and file', () => {
    expect(dbtErrorLine(recorded('dbt-output-compilation-error.txt'))).toBe(
      "Compilation Error in model x (models/x.sql): unexpected '}', expected ')'",
    );
  });

  it('falls back to the last line that mentions an error, and to nothing', () => {
    expect(dbtErrorLine('Running with dbt=1.11.9\nProfile error: no such profile\nbye')).toBe(
      'Profile error: no such profile',
    );
    expect(dbtErrorLine('all quiet')).toBeUndefined();
  });
});

describe('plainLines', () => {
  it('drops colour codes and clock times', () => {
    expect(plainLines('\u001b[0m08:34:28  Encountered an error:\n\u001b[31mFailure\u001b[0m')).toEqual([
      'Encountered an error:',
      'Failure',
    ]);
  });
});
