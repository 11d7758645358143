import { stripVTControlCharacters } from 'node:util';

/** dbt prefixes its log lines with a clock time: `08:34:28  Encountered an error:`. */
const TIMESTAMP = /^\d\d:\d\d:\d\d {2}/;

/** dbt's console output as plain lines: colours and timestamps removed. */
export function plainLines(output: string): string[] {
  return output.split('\n').map((line) => stripVTControlCharacters(line).replace(TIMESTAMP, '').trimEnd());
}

/**
 * The cause of a dbt run that failed as a whole (exit code 2: bad profile, unreachable database, parse
 * or compilation error), from the block dbt prints after `Encountered an error:`. The block starts with
 * the kind of error and continues with indented detail; the kind plus the first one or two detail lines
 * say what is wrong (`Parsing Error: Error reading tiny: sources.yml - Runtime Error: Syntax error near line 4`).
 */
export function dbtErrorLine(output: string): string | undefined {
  const lines = plainLines(output);
  const start = lines.findLastIndex((line) => line.trim() === 'Encountered an error:');
  if (start === -1) {
    return lines.map((line) => line.trim()).findLast((line) => /error/i.test(line));
  }
  const block = lines
    .slice(start + 1)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^-+$/.test(line));
  const [kind, first, second] = block;
  if (!kind) return undefined;
  if (!first) return kind;
  // "Error reading x: y.yml - Runtime Error" only names where; the next line says what.
  const detail = /Error$/.test(first) && second ? `${first}: ${second}` : first;
  return `${kind}: ${detail}`;
}
