import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue-entry.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCES_DIR = join(HERE, 'sources');
const IDS = CATALOGUE.sources.map((s) => s.id);

/**
 * The catalogue as a whole: sources.json, the source folders and catalogue.ts agree. It reads no
 * source's code: what each source promises (its columns, its fixture, its load) is checked by the
 * spec in its own folder (sources/<id>/<id>.spec.ts, with testing/source-contract.ts), so a change
 * to one source is checked by that source's spec alone.
 */
describe('the source catalogue', () => {
  it('lists each source once, with a raw table of its own and a cron schedule, in Europe/Oslo', () => {
    expect(CATALOGUE.timezone).toBe('Europe/Oslo');
    expect(new Set(IDS).size).toBe(IDS.length);
    expect(new Set(CATALOGUE.sources.map((s) => s.table)).size).toBe(IDS.length);
    for (const s of CATALOGUE.sources) {
      expect(s.id, s.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(s.table, s.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(s.schedule.split(' '), s.id).toHaveLength(5);
      expect(s.title.trim(), s.id).not.toBe('');
    }
    expect(IDS[0]).toBe('kommuner');
  });

  it('keeps each source in a folder of its own, with its definition and its spec', () => {
    expect(readdirSync(SOURCES_DIR).sort()).toEqual([...IDS].sort());
    for (const id of IDS) {
      expect(existsSync(join(SOURCES_DIR, id, `${id}.ts`)), id).toBe(true);
      expect(existsSync(join(SOURCES_DIR, id, `${id}.spec.ts`)), id).toBe(true);
    }
  });

  it('lists exactly the definitions of sources.json in catalogue.ts', () => {
    const text = readFileSync(join(HERE, 'catalogue.ts'), 'utf8');
    const imported = [...text.matchAll(/from '\.\/sources\/([a-z0-9-]+)\/\1\.js'/g)].map((m) => m[1]);
    expect(imported.sort()).toEqual([...IDS].sort());
    const listed = /const DEFINITIONS: readonly SourceDefinition\[\] = \[([^\]]*)\]/.exec(text)?.[1] ?? '';
    expect(listed.split(',').filter((e) => e.trim()).length).toBe(IDS.length);
  });
});
