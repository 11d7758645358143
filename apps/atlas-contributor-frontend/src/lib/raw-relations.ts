import type { Queryable } from './database';

/** Which of the named raw.* relations exist (to_regclass never raises for a missing one). */
export async function existingRawRelations(db: Queryable, names: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>(
    `select name from unnest($1::text[]) as name where to_regclass(format('raw.%I', name)) is not null`,
    [names],
  );
  return new Set(rows.map((row) => row.name));
}
