import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebaseManifest, writeReferenceState } from './reference-state.js';

const reference = () => ({
  nodes: {
    'model.p.a': { database: 'atlas_dbt_old', schema: 'marts', relation_name: '"atlas_dbt_old"."marts"."a"' },
    'test.p.t': { database: 'atlas_dbt_old', schema: 'marts_dbt_test__audit', relation_name: null },
    'seed.p.s': { database: 'elsewhere', relation_name: '"other"."marts"."s"' },
  },
  sources: {
    'source.p.raw.x': {
      database: 'atlas_dbt_old',
      schema: 'raw',
      relation_name: '"atlas_dbt_old"."raw"."x"',
    },
  },
  unit_tests: { 'unit_test.p.a.u': { name: 'u' } },
});

describe('rebaseManifest', () => {
  it('moves every node and source onto the run database, relation names included', () => {
    expect(rebaseManifest(reference(), 'atlas_dbt_new')).toEqual({
      nodes: {
        'model.p.a': {
          database: 'atlas_dbt_new',
          schema: 'marts',
          relation_name: '"atlas_dbt_new"."marts"."a"',
        },
        'test.p.t': { database: 'atlas_dbt_new', schema: 'marts_dbt_test__audit', relation_name: null },
        // A relation name that does not start with the node's database is not guessed at.
        'seed.p.s': { database: 'atlas_dbt_new', relation_name: '"other"."marts"."s"' },
      },
      sources: {
        'source.p.raw.x': {
          database: 'atlas_dbt_new',
          schema: 'raw',
          relation_name: '"atlas_dbt_new"."raw"."x"',
        },
      },
      unit_tests: { 'unit_test.p.a.u': { name: 'u' } },
    });
  });

  it('writes the rebased copy into the state folder and leaves the reference alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-reference-state-spec-'));
    try {
      const file = join(dir, 'reference.json');
      writeFileSync(file, JSON.stringify(reference()));
      writeReferenceState(file, join(dir, 'state'), 'db2');
      const written = JSON.parse(readFileSync(join(dir, 'state/manifest.json'), 'utf8'));
      expect(written.sources['source.p.raw.x'].relation_name).toBe('"db2"."raw"."x"');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(reference());
      writeFileSync(file, '{"nodes": ');
      expect(() => writeReferenceState(file, join(dir, 'state'), 'db2')).toThrow(
        /^Option state: .*reference\.json is not a readable dbt manifest \(.*\); point it at/,
      );
      writeFileSync(file, '[]');
      expect(() => writeReferenceState(file, join(dir, 'state'), 'db2')).toThrow(
        /reference\.json has no "nodes"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
