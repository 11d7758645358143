import catalogue from './sources.json' with { type: 'json' };
import type { CatalogueEntry } from './source-definition.js';

/**
 * sources.json is the one list of Atlas's sources: id, raw table, schedule, title, in load order.
 * The source definitions take their entry from it, and the Dagster code location
 * (apps/atlas-data) reads the same file for its assets and schedules.
 */
export const CATALOGUE: { readonly timezone: string; readonly sources: readonly CatalogueEntry[] } =
  catalogue;

export function catalogueEntry(id: string): CatalogueEntry {
  const entry = CATALOGUE.sources.find((s) => s.id === id);
  if (!entry) throw new Error(`source "${id}" is not in src/catalogue/sources.json: add it there first.`);
  return entry;
}
