import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchWorkspace } from '../../../testing/executor-harness.js';
import { assetPathsOf, catalogCounts, catalogGaps, placeSite } from './docs-site.js';

const manifest = {
  nodes: {
    'model.p.a': {
      resource_type: 'model',
      name: 'a',
      original_file_path: 'models/a.sql',
      config: { materialized: 'view' },
    },
    'model.p.e': {
      resource_type: 'model',
      name: 'e',
      original_file_path: 'models/e.sql',
      config: { materialized: 'ephemeral' },
    },
    'model.p.off': { resource_type: 'model', name: 'off', config: { enabled: false } },
    'seed.p.s': { resource_type: 'seed', name: 's', original_file_path: 'seeds/s.csv', config: {} },
    'test.p.t': { resource_type: 'test', name: 't' },
  },
  sources: { 'source.p.raw.x': { resource_type: 'source', source_name: 'raw', name: 'x' } },
};

describe('catalogGaps', () => {
  it('names relational nodes and sources the catalog lacks, and ignores ephemeral models, disabled nodes and tests', () => {
    expect(catalogGaps(manifest, { nodes: { 'model.p.a': { columns: { id: {} } } }, sources: {} })).toEqual([
      'seed s (seeds/s.csv)',
      'source raw.x',
    ]);
    expect(
      catalogGaps(manifest, {
        nodes: { 'model.p.a': {}, 'seed.p.s': {} },
        sources: { 'source.p.raw.x': {} },
      }),
    ).toEqual([]);
  });

  it('counts relations and columns', () => {
    expect(
      catalogCounts({ nodes: { a: { columns: { x: {}, y: {} } } }, sources: { b: { columns: { z: {} } } } }),
    ).toEqual({ relations: 2, columns: 3 });
  });
});

describe('placeSite', () => {
  let ws: ReturnType<typeof scratchWorkspace>;
  const target = () => join(ws.root, 'target');
  const out = () => join(ws.root, 'out');
  beforeEach(() => {
    ws = scratchWorkspace('atlas-docs-site-spec-');
    mkdirSync(join(target(), 'assets'), { recursive: true });
    writeFileSync(join(target(), 'static_index.html'), '<html>site</html>');
    writeFileSync(join(target(), 'index.html'), '<html>needs json</html>');
    writeFileSync(join(target(), 'assets/logo.svg'), '<svg/>');
  });
  afterEach(() => ws.remove());

  it('writes the static index as index.html with the asset folders, replacing a previous site', () => {
    mkdirSync(out());
    writeFileSync(join(out(), 'index.html'), 'old');
    writeFileSync(join(out(), 'stale.txt'), 'old');
    placeSite(target(), out(), ['assets', 'missing'], 'out');
    expect(readdirSync(out()).sort()).toEqual(['assets', 'index.html']);
    expect(readFileSync(join(out(), 'index.html'), 'utf8')).toBe('<html>site</html>');
    expect(readFileSync(join(out(), 'assets/logo.svg'), 'utf8')).toBe('<svg/>');
  });

  it('refuses to empty a folder that is not a site, and a run without static_index.html', () => {
    mkdirSync(out());
    writeFileSync(join(out(), 'model.sql'), 'select 1');
    expect(() => placeSite(target(), out(), [], 'out')).toThrow(
      'Option outputPath (out) holds files that are not a docs site; point it at a folder of its own.',
    );
    expect(readdirSync(out())).toEqual(['model.sql']);
    expect(() => placeSite(join(ws.root, 'nothing'), join(ws.root, 'out2'), [], 'out2')).toThrow(
      'wrote no static_index.html',
    );
  });
});

describe('assetPathsOf', () => {
  it('reads asset-paths from dbt_project.yml, skipping paths that leave the project', () => {
    const ws = scratchWorkspace('atlas-docs-assets-spec-');
    try {
      writeFileSync(join(ws.root, 'dbt_project.yml'), 'name: p\nasset-paths: ["assets", "../up", 3]\n');
      expect(assetPathsOf(ws.root)).toEqual(['assets']);
      writeFileSync(join(ws.root, 'dbt_project.yml'), 'name: p\n');
      expect(assetPathsOf(ws.root)).toEqual([]);
    } finally {
      ws.remove();
    }
  });
});
