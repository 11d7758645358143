import { withDatabaseClient, withEphemeralPostgres } from '@atlas/runtime';
import { describe, expect, it } from 'vitest';
import { REFERENCE_KOMMUNENUMMER } from '../catalogue/reference-kommuner.js';
import type { RawRow, SourceDefinition } from '../catalogue/source-definition.js';
import { startFixtureServer } from '../fixtures/fixture-server.js';
import { readFixture } from '../fixtures/read-fixture.js';
import { ingestSource } from '../load/ingest-source.js';
import { migrate } from '../migrate/migrator.js';

const PG_TYPE = {
  text: 'text',
  int: 'integer',
  numeric: 'numeric',
  date: 'date',
  boolean: 'boolean',
} as const;

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
 * the catalogue facts, a read of the fixture through the real reader that yields valid rows covering
 * the reference kommuner, and a load of it into a migrated embedded PostgreSQL whose raw table has
 * exactly the definition's columns. Each source runs them in its own spec file, so a change to one
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

    it(`migrates raw.${contract.table} to exactly its columns and loads the whole fixture into it`, async () => {
      const { rows } = await readFixture(source);
      await withEphemeralPostgres(
        async (url) => {
          await migrate(url);
          const server = await startFixtureServer([source]);
          try {
            const loaded = await ingestSource(source, {
              databaseUrl: url,
              baseUrl: server.baseUrlOf(source.id),
              http: { retries: 0 },
            });
            expect(loaded).toMatchObject({ table: `raw.${source.table}`, rows });
          } finally {
            await server.close();
          }
          await withDatabaseClient(url, async (client) => {
            const columns = await client.query<{
              column_name: string;
              data_type: string;
              is_nullable: string;
            }>(
              `select column_name, data_type, is_nullable from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position`,
              [source.table],
            );
            expect(columns.rows).toEqual([
              ...source.columns.map((c) => ({
                column_name: c.name,
                data_type: PG_TYPE[c.type],
                is_nullable: c.nullable ? 'YES' : 'NO',
              })),
              { column_name: '_load_id', data_type: 'bigint', is_nullable: 'NO' },
              { column_name: '_loaded_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
            ]);
            const count = await client.query<{ n: number }>(
              `select count(*)::int as n from raw.${source.table}`,
            );
            expect(count.rows[0]?.n).toBe(rows);
          });
        },
        { databasePrefix: 'atlas_source' },
      );
    }, 120_000);
  });
}
