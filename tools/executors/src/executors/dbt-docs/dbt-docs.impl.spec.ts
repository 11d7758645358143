import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureOutput,
  copyFixture,
  executorContext,
  processesMentioning,
  scratchWorkspace,
} from '../../testing/executor-harness.js';
import dbtDocs from './dbt-docs.impl.js';
import type { DbtDocsExecutorSchema } from './schema.js';

const LOAD_RAW = join(import.meta.dirname, '../dbt-build/test-fixtures/load-raw.mjs');
const TINY = join(import.meta.dirname, '../dbt-build/test-fixtures/tiny-dbt');

// The executor's temp folders and embedded PostgreSQL go to a folder of this suite's own (see dbt-build's spec).
const outerTmp = process.env['TMPDIR'];
const privateTmp = mkdtempSync(join(tmpdir(), 'atlas-dbt-docs-spec-'));
chmodSync(privateTmp, 0o755);
process.env['TMPDIR'] = privateTmp;
delete process.env['ATLAS_DATABASE_URL'];

describe('dbt-docs (real dbt on embedded PostgreSQL, tiny fixture)', () => {
  const workspace = scratchWorkspace('workspace-');
  const run = (options: DbtDocsExecutorSchema) =>
    captureOutput(() => dbtDocs(options, executorContext(workspace.root, 'tiny', 'libs/tiny')));
  const lineage = join(workspace.root, 'libs/tiny/target/lineage');
  const failureLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('dbt-docs: '));
  const leftovers = () => ({
    processes: processesMentioning(privateTmp),
    temp: readdirSync(privateTmp).filter((e) => !e.startsWith('workspace-')),
  });

  beforeAll(() => copyFixture(TINY, workspace.root, 'libs/tiny'));
  afterAll(() => {
    workspace.remove();
    const left = leftovers();
    rmSync(privateTmp, { recursive: true, force: true });
    if (outerTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = outerTmp;
    expect(left).toEqual({ processes: [], temp: [] });
  });

  it('writes a self-contained index.html with every model and its catalog columns, and nothing else', async () => {
    mkdirSync(lineage, { recursive: true });
    writeFileSync(join(lineage, 'index.html'), 'the previous site');
    writeFileSync(join(lineage, 'stale.json'), '{}');

    const { result, stdout } = await run({ setupCommands: [['node', LOAD_RAW]] });
    expect(result).toEqual({ success: true });
    expect(stdout).toMatch(
      /> dbt build .* --empty --resource-type seed --resource-type model --resource-type snapshot/,
    );
    expect(stdout).toMatch(
      /dbt-docs: libs\/tiny\/target\/lineage\/index\.html written \(\d+ KiB\): 5 relations with 12 catalog columns\./,
    );
    expect(readdirSync(lineage)).toEqual(['index.html']);

    const html = readFileSync(join(lineage, 'index.html'), 'utf8');
    expect(html).not.toContain('MANIFEST.JSON INLINE DATA');
    expect(html).not.toContain('CATALOG.JSON INLINE DATA');
    // The catalog is inlined as JSON: each model with its real column types from PostgreSQL.
    const catalogJson = html.match(
      /\{"metadata":\s*\{"dbt_schema_version":\s*"https:\/\/schemas\.getdbt\.com\/dbt\/catalog\/[^]*?"errors":\s*null\}/,
    )?.[0];
    expect(catalogJson).toBeDefined();
    const catalog = JSON.parse(catalogJson ?? '{}') as {
      nodes: Record<string, { columns: Record<string, { type: string }> }>;
    };
    expect(Object.keys(catalog.nodes).sort()).toEqual([
      'model.tiny.stg_colours',
      'model.tiny.stg_things',
      'model.tiny.things_per_colour',
    ]);
    expect(catalog.nodes['model.tiny.things_per_colour']?.columns).toMatchObject({
      colour: { type: 'text' },
      things: { type: 'bigint' },
    });
    // The compiled code the site shows is the model's, not --empty's zero-row rewrite.
    expect(html).toContain('select id as thing_id, name, colour_id from \\"');
    expect(html).not.toMatch(/where false limit 0/);
    expect(leftovers()).toEqual({ processes: [], temp: [] });
  });

  it('fails in one line naming the model when the sources were not created, and keeps the site', async () => {
    const { result, stderr } = await run({ setupCommands: [] });
    expect(result).toEqual({ success: false });
    expect(failureLines(stderr)).toHaveLength(1);
    expect(failureLines(stderr)[0]).toMatch(
      /^dbt-docs: dbt build --empty failed: model stg_\w+ \(models\/stg_\w+\.sql\): relation "raw\.\w+" does not exist/,
    );
    expect(existsSync(join(lineage, 'index.html'))).toBe(true);
    expect(leftovers()).toEqual({ processes: [], temp: [] });
  });

  it('refuses an output folder that holds something else before starting anything', async () => {
    const { result, stderr } = await run({ outputPath: '{projectRoot}/models' });
    expect(result).toEqual({ success: false });
    expect(failureLines(stderr)).toEqual([
      'dbt-docs: Option outputPath (libs/tiny/models) holds files that are not a docs site; point it at a folder of its own.',
    ]);
    expect(readdirSync(join(workspace.root, 'libs/tiny/models')).sort()).toEqual([
      'sources.yml',
      'stg_colours.sql',
      'stg_things.sql',
      'things_per_colour.sql',
    ]);
  });
});
