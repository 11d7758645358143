import { stripVTControlCharacters } from 'node:util';

/**
 * The root cause from `dagster definitions validate` output: the last "SomeError: message" line
 * (dagster prints the chain of causes, the last is the most specific), else its last ERROR line.
 */
export function validationErrorLine(output: string): string | undefined {
  const lines = stripVTControlCharacters(output)
    .split('\n')
    .map((l) => l.trim());
  const exceptions = lines.filter((l) => /^[\w.]*(Error|Exception|Violation)\w*: \S/.test(l));
  const last = exceptions.at(-1);
  if (last) return last.replace(/^(?:[a-z_][\w]*\.)+/, '');
  const errors = lines.filter((l) => / - ERROR - /.test(l)).map((l) => l.replace(/^.* - ERROR - /, ''));
  return errors.at(-1);
}
