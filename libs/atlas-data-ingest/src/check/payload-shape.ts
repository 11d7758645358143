/** Where a reader notes the structure it sees in a payload: aspect ("dimension") → value ("Tid"). */
export interface ShapeRecorder {
  note(aspect: string, value: string): void;
}

/** For loads: the shape is only compared by `atlas-ingest check`. */
export const IGNORED_SHAPE: ShapeRecorder = { note: () => undefined };

/**
 * The structure of one payload as its reader saw it: dimension ids, category codes, sheet names,
 * field names. Two payloads of the same source have the same shape unless the publisher changed
 * the format (a renamed dimension, a new code, a dropped field): what `check` reports as drift.
 */
export class PayloadShape implements ShapeRecorder {
  private readonly aspects = new Map<string, Set<string>>();

  note(aspect: string, value: string): void {
    let values = this.aspects.get(aspect);
    if (!values) {
      values = new Set();
      this.aspects.set(aspect, values);
    }
    values.add(value);
  }

  /** aspect → sorted values, for comparison and for error messages. */
  toJSON(): Record<string, string[]> {
    return Object.fromEntries(
      [...this.aspects.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]),
    );
  }
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/**
 * What differs between the recorded shape (the fixture) and another payload's, one phrase per
 * aspect, e.g. `LovbruddKrim code "X" is new`; empty when they agree.
 */
export function compareShapes(recorded: PayloadShape, other: PayloadShape): string[] {
  const expected = recorded.toJSON();
  const actual = other.toJSON();
  const drift: string[] = [];
  for (const aspect of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = new Set(expected[aspect] ?? []);
    const have = new Set(actual[aspect] ?? []);
    const missing = [...want].filter((v) => !have.has(v));
    const added = [...have].filter((v) => !want.has(v));
    if (missing.length > 0)
      drift.push(`${aspect} ${quoted(missing)} ${missing.length > 1 ? 'are' : 'is'} missing`);
    if (added.length > 0) drift.push(`${aspect} ${quoted(added)} ${added.length > 1 ? 'are' : 'is'} new`);
  }
  return drift;
}
