import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchWorkspace } from '../../../testing/executor-harness.js';
import { docsGenerateArgs, emptyBuildArgs } from './docs-args.js';
import { normalizeOptions } from './normalize-options.js';

let ws: ReturnType<typeof scratchWorkspace>;

beforeEach(() => {
  ws = scratchWorkspace('atlas-dbt-docs-options-');
  mkdirSync(join(ws.root, 'libs/dbt'), { recursive: true });
  writeFileSync(join(ws.root, 'libs/dbt/dbt_project.yml'), 'name: x\n');
  writeFileSync(join(ws.root, 'libs/dbt/profiles.yml'), '');
});
afterEach(() => ws.remove());

describe('dbt-docs options', () => {
  it('defaults the site to target/lineage and builds relations empty, without tests, before docs generate (the static page is made from the stabilized artefacts)', () => {
    const options = normalizeOptions(
      { threads: 2, setupCommands: [['npx', 'atlas-ingest', 'migrate']] },
      ws.root,
      'libs/dbt',
    );
    expect(options.outputDir).toBe(join(ws.root, 'libs/dbt/target/lineage'));
    expect(options.setupCommands).toEqual([['npx', 'atlas-ingest', 'migrate']]);
    const where = [
      '--project-dir',
      join(ws.root, 'libs/dbt'),
      '--profiles-dir',
      join(ws.root, 'libs/dbt'),
      '--target-path',
      '/s/target',
      '--log-path',
      '/s/logs',
      '--threads',
      '2',
    ];
    expect(emptyBuildArgs(options, '/s/target', '/s/logs')).toEqual([
      'build',
      ...where,
      '--empty',
      '--resource-type',
      'seed',
      '--resource-type',
      'model',
      '--resource-type',
      'snapshot',
    ]);
    expect(docsGenerateArgs(options, '/s/target', '/s/logs')).toEqual(['docs', 'generate', ...where]);
  });

  it.each([
    [{ outputPath: '{projectRoot}' }, 'Option outputPath ({projectRoot}) must be a folder of its own'],
    [{ outputPath: '.' }, 'Option outputPath (.) must be a folder of its own'],
    [{ outputPath: '/var/www' }, 'Option outputPath (/var/www) must be a path inside the workspace'],
    [{ setupCommands: [['npx', '']] }, 'Option setupCommands must be a list of argv arrays'],
  ])('refuses %j in one line', (options, message) => {
    expect(() => normalizeOptions(options as never, ws.root, 'libs/dbt')).toThrow(message);
  });
});
