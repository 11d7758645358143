import { describe, expect, it } from 'vitest';
import { REFERENCE_KOMMUNENUMMER } from '../catalogue/reference-kommuner.js';
import type { RawRow, SourceDefinition } from '../catalogue/source-definition.js';
import { readFixture } from '../fixtures/read-fixture.js';

/** What a source promises the rest of Atlas: its raw table, the columns in order, and where a row names a kommune. */
export interface SourceContract {
  table: string;
  /** `<name> <type>` in table order (the migration creates the same, plus _load_id and _loaded_at). */
  columns: string[];
  /** The kommunenummer a row names, as the publisher writes it (a prefix stripped), if any. */
  kommuneOf: (row: RawRow) => string | undefined;
}

/**
 * The checks every source's spec runs on its own definition and recorded fixture: the data contract,
 * the catalogue facts, and a read of the fixture through the real reader that yields valid rows
 * covering the reference kommuner. Each source runs them in its own spec file, so a change to one
 * source is checked by that source's spec alone.
 */
export function describeSourceContract(source: SourceDefinition, contract: SourceContract): void {
  describe(`${source.id}: the catalogue's contract`, () => {
    it(`loads raw.${contract.table} with exactly its contract's columns`, () => {
      expect(source.table).toBe(contract.table);
      expect(source.columns.map((c) => `${c.name} ${c.type}`)).toEqual(contract.columns);
    });

    it('has a cron schedule, an https upstream and a fixture for its first request', () => {
      expect(source.schedule.split(' ')).toHaveLength(5);
      expect(source.baseUrl).toMatch(/^https:\/\//);
      const first = source.firstRequest();
      expect(source.fixtureFor(first.method, first.path)).toBeTruthy();
    });

    it('reads its recorded fixture into valid rows that cover the reference kommuner', async () => {
      const { values } = await readFixture(source);
      expect(values.length).toBeGreaterThan(0);
      for (const row of values) expect(row).toHaveLength(source.columns.length);
      const kommuner = new Set(values.map(contract.kommuneOf));
      for (const k of REFERENCE_KOMMUNENUMMER) expect(kommuner.has(k), `${source.id} has ${k}`).toBe(true);
    });
  });
}
