import { describe, expect, it } from 'vitest';
import { stabilizeArtifact, STABLE } from './stable-artifacts.js';

const artifact = (scratch: string, database: string, at: string) =>
  JSON.stringify({
    metadata: { generated_at: at, invocation_id: `id-${at}` },
    nodes: {
      'model.atlas.b': {
        compiled_path: `${scratch}/target/compiled/atlas/models/b.sql`,
        root_path: '/repo/libs/dbt-project',
        database,
        created_at: Number(at.slice(-2)),
      },
      'model.atlas.a': { original_file_path: 'models/a.sql', database },
    },
    disabled: { 'test.atlas.c': [{ name: 'c', created_at: Number(at.slice(-2)) }] },
    parent_map: { 'model.atlas.b': ['model.atlas.z', 'model.atlas.a'] },
  });

describe('stabilizeArtifact', () => {
  it('makes two runs of the same inputs byte-identical: scratch folder, database, times, node order', () => {
    const options = (scratch: string, database: string) => ({
      database,
      projectDir: '/repo/libs/dbt-project',
      workspaceRoot: '/repo',
      scratchTargetDir: `${scratch}/target`,
    });
    const first = stabilizeArtifact(
      artifact('/tmp/atlas-dbt-docs-AAAA', 'atlas_1', '2026-12-02T10:00:01'),
      options('/tmp/atlas-dbt-docs-AAAA', 'atlas_1'),
    );
    const second = stabilizeArtifact(
      artifact('/tmp/atlas-dbt-docs-BBBB', 'atlas_2', '2026-12-02T10:00:02'),
      options('/tmp/atlas-dbt-docs-BBBB', 'atlas_2'),
    );
    expect(first).toBe(second);
    const parsed = JSON.parse(first) as {
      metadata: Record<string, string>;
      nodes: Record<string, { compiled_path?: string; root_path?: string; database: string }>;
    };
    expect(Object.keys(parsed.nodes)).toEqual(['model.atlas.a', 'model.atlas.b']);
    expect(parsed.nodes['model.atlas.b']).toMatchObject({
      compiled_path: 'libs/dbt-project/target/compiled/atlas/models/b.sql',
      root_path: 'libs/dbt-project',
      database: STABLE.database,
    });
    expect(parsed.metadata).toEqual({ generated_at: STABLE.time, invocation_id: STABLE.invocationId });
    expect(
      (JSON.parse(first) as { parent_map: Record<string, string[]> }).parent_map['model.atlas.b'],
    ).toEqual(['model.atlas.a', 'model.atlas.z']);
  });
});
