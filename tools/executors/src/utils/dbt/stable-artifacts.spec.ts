import { describe, expect, it } from 'vitest';
import { STABLE, stabilizeArtifact } from './stable-artifacts.js';

const options = {
  database: 'atlas_dbt_mx69az6y_945568be',
  projectDir: '/ws/libs/dbt',
  workspaceRoot: '/ws',
  targetDir: '/tmp/atlas-dbt-docs-Ab12/target',
};

/** Two runs of the same project: every value that differs is the run's own, not the project's. */
const run = (n: number, order: string[]) =>
  JSON.stringify({
    metadata: {
      generated_at: `2026-12-02T15:0${n}:17.637654Z`,
      invocation_id: `6997b8a6-262e-4efb-92f3-5e3cf477${n}eb4`,
      invocation_started_at: `2026-12-02T15:0${n}:17.29Z`,
      run_started_at: `2026-12-02T15:0${n}:17.29+00:00`,
    },
    nodes: Object.fromEntries(
      order.map((id) => [
        id,
        {
          database: options.database,
          created_at: 1796223859 + n,
          root_path: '/ws/libs/dbt',
          compiled_path: `${options.targetDir}/compiled/${id}.sql`,
          relation_name: `"${options.database}"."marts"."${id}"`,
        },
      ]),
    ),
    disabled: { 'test.atlas.off': [{ created_at: 1796227547.5 + n, unique_id: 'test.atlas.off' }] },
    child_map: { 'model.a': n === 1 ? ['test.y', 'test.x'] : ['test.x', 'test.y'] },
  });

describe('stabilizeArtifact', () => {
  it('gives two runs of the same project the same bytes', () => {
    const first = stabilizeArtifact(run(1, ['model.b', 'model.a']), options);
    const second = stabilizeArtifact(run(2, ['model.a', 'model.b']), options);
    expect(first).toBe(second);
  });

  it('keeps what the artefact says about the project, without the machine and the moment', () => {
    const stable = JSON.parse(stabilizeArtifact(run(1, ['model.a']), options)) as {
      metadata: Record<string, string>;
      nodes: Record<string, Record<string, unknown>>;
      disabled: Record<string, Array<{ created_at: number }>>;
      child_map: Record<string, string[]>;
    };
    expect(stable.metadata['generated_at']).toBe(STABLE.time);
    expect(stable.metadata['invocation_id']).toBe(STABLE.invocationId);
    expect(stable.nodes['model.a']).toEqual({
      database: 'atlas',
      created_at: 0,
      root_path: 'libs/dbt',
      compiled_path: 'target/compiled/model.a.sql',
      relation_name: '"atlas"."marts"."model.a"',
    });
    expect(stable.disabled['test.atlas.off']?.[0]?.created_at).toBe(0);
    expect(stable.child_map['model.a']).toEqual(['test.x', 'test.y']);
  });
});
