import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue-entry.js';
import { SOURCES } from './catalogue.js';

const SOURCES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'sources');

/**
 * The catalogue as a whole: sources.json and the definitions agree. What each source promises (its
 * columns, its fixture, the reference kommuner) is checked by the spec in its own folder
 * (sources/<id>/<id>.spec.ts, with testing/source-contract.ts).
 */
describe('the source catalogue', () => {
  it('is sources.json: the same sources in its order, with their tables and schedules', () => {
    expect(SOURCES.map((s) => [s.id, s.table, s.schedule, s.title])).toEqual(
      CATALOGUE.sources.map((s) => [s.id, s.table, s.schedule, s.title]),
    );
    expect(CATALOGUE.timezone).toBe('Europe/Oslo');
  });

  it('gives every source its own id and raw table', () => {
    expect(new Set(SOURCES.map((s) => s.id)).size).toBe(SOURCES.length);
    expect(new Set(SOURCES.map((s) => s.table)).size).toBe(SOURCES.length);
    for (const s of SOURCES) expect(s.table, s.id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('keeps each source in a folder of its own with its spec', () => {
    expect(readdirSync(SOURCES_DIR).sort()).toEqual(SOURCES.map((s) => s.id).sort());
    for (const s of SOURCES) expect(readdirSync(join(SOURCES_DIR, s.id)), s.id).toContain(`${s.id}.spec.ts`);
  });
});
