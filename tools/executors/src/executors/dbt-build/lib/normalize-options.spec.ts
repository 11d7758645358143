import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchWorkspace } from '../../../testing/executor-harness.js';
import { buildArgs } from './build-args.js';
import { normalizeOptions } from './normalize-options.js';

let ws: ReturnType<typeof scratchWorkspace>;
const touch = (path: string, content = '') => {
  mkdirSync(join(ws.root, path, '..'), { recursive: true });
  writeFileSync(join(ws.root, path), content);
};

beforeEach(() => {
  ws = scratchWorkspace('atlas-dbt-build-options-');
  touch('libs/dbt/dbt_project.yml', 'name: x\n');
});
afterEach(() => ws.remove());

describe('dbt-build normalizeOptions', () => {
  it('defaults to the project root as dbt project, its target folder and no selection', () => {
    touch('libs/dbt/profiles.yml');
    const options = normalizeOptions({}, ws.root, 'libs/dbt');
    expect(options).toEqual({
      projectDir: join(ws.root, 'libs/dbt'),
      profilesDir: join(ws.root, 'libs/dbt'),
      target: undefined,
      vars: undefined,
      threads: undefined,
      setupCommands: [],
      timeoutMs: 1_800_000,
      targetDir: join(ws.root, 'libs/dbt/target/nx-build'),
      select: [],
      exclude: [],
      failFast: false,
      state: undefined,
      setupInputs: [],
      checkCommands: [],
    });
    expect(buildArgs(options, undefined)).toEqual([
      'build',
      '--project-dir',
      join(ws.root, 'libs/dbt'),
      '--profiles-dir',
      join(ws.root, 'libs/dbt'),
      '--target-path',
      'target/nx-build',
      '--log-path',
      join(ws.root, 'libs/dbt/target/nx-build/logs'),
    ]);
  });

  it('turns every option into its dbt flag', () => {
    const options = normalizeOptions(
      {
        targetPath: 'dist/dbt',
        target: 'ci',
        select: 'staging +dim_kommune',
        exclude: ['tag:slow'],
        vars: { year: 2024 },
        threads: 4,
        failFast: true,
      },
      ws.root,
      'libs/dbt',
    );
    expect(options.profilesDir).toBeUndefined();
    expect(options.targetDir).toBe(join(ws.root, 'dist/dbt'));
    expect(buildArgs(options, undefined).slice(7)).toEqual([
      '--target',
      'ci',
      '--vars',
      '{"year":2024}',
      '--threads',
      '4',
      '--select',
      'staging',
      '+dim_kommune',
      '--exclude',
      'tag:slow',
      '--fail-fast',
    ]);
  });

  it('in slim mode selects state:modified+ (intersected with the selection) and defers to the reference', () => {
    const options = normalizeOptions({ state: 'ref', select: ['staging'] }, ws.root, 'libs/dbt');
    expect(options.state).toBe(join(ws.root, 'ref'));
    expect(buildArgs(options, '/state').slice(7)).toEqual([
      '--select',
      'state:modified+,staging',
      '--defer',
      '--state',
      '/state',
    ]);
  });

  it('takes the reference from ATLAS_DBT_REFERENCE when the option is not set', () => {
    process.env['ATLAS_DBT_REFERENCE'] = 'main-reference';
    try {
      expect(normalizeOptions({}, ws.root, 'libs/dbt').state).toBe(join(ws.root, 'main-reference'));
    } finally {
      delete process.env['ATLAS_DBT_REFERENCE'];
    }
    expect(normalizeOptions({}, ws.root, 'libs/dbt').state).toBeUndefined();
  });

  it.each([
    [{ projectDir: 'libs/none' }, 'Option projectDir (libs/none) has no dbt_project.yml'],
    [{ projectDir: '../outside' }, 'Option projectDir (../outside) must be a path inside the workspace'],
    [{ profilesDir: 'libs' }, 'Option profilesDir (libs) has no profiles.yml'],
    [{ threads: 0 }, 'Option threads must be a positive whole number (got 0)'],
    [{ timeoutMs: 1.5 }, 'Option timeoutMs must be a positive whole number'],
    [{ vars: ['a'] }, 'Option vars must be an object'],
    [{ setupCommands: ['npx atlas-ingest migrate'] }, 'Option setupCommands must be a list of argv arrays'],
    [{ setupCommands: [[]] }, 'Option setupCommands must be a list of argv arrays'],
    [{ targetPath: '{projectRoot}' }, 'Option targetPath ({projectRoot}) must be a folder of its own'],
    [{ targetPath: 'libs' }, 'Option targetPath (libs) must be a folder of its own'],
    [{ target: ' ' }, 'Option target must name a target of the profile'],
  ])('refuses %j in one line', (options, message) => {
    expect(() => normalizeOptions(options as never, ws.root, 'libs/dbt')).toThrow(message);
  });
});
