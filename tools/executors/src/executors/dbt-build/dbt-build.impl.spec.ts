import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEphemeralPostgres, type EphemeralPostgres } from '@atlas/runtime';
import {
  captureOutput,
  copyFixture,
  executorContext,
  processesMentioning,
  scratchWorkspace,
} from '../../testing/executor-harness.js';
import type { RunResults } from '../../utils/dbt/run-results.js';
import dbtBuild from './dbt-build.impl.js';
import type { DbtBuildExecutorSchema } from './schema.js';

const FIXTURES = join(import.meta.dirname, 'test-fixtures');
const LOAD_RAW = join(FIXTURES, 'load-raw.mjs');

// Everything the executor creates in the temp folder (embedded PostgreSQL, state copies) goes to a
// folder of this suite's own, so "nothing left behind" is exact even when other suites run beside it.
const outerTmp = process.env['TMPDIR'];
const privateTmp = mkdtempSync(join(tmpdir(), 'atlas-dbt-build-spec-'));
// As root, the embedded server runs as a postgres user that must read what it is given in there.
chmodSync(privateTmp, 0o755);
process.env['TMPDIR'] = privateTmp;
delete process.env['ATLAS_DATABASE_URL'];

describe('dbt-build (real dbt on embedded PostgreSQL, tiny fixture)', () => {
  const workspace = scratchWorkspace('workspace-');
  const run = (project: string, options: DbtBuildExecutorSchema = {}) =>
    captureOutput(() =>
      dbtBuild(
        { setupCommands: [['node', LOAD_RAW]], ...options },
        executorContext(workspace.root, project, `libs/${project}`),
      ),
    );
  const targetOf = (project: string) => join(workspace.root, 'libs', project, 'target/nx-build');
  const runResults = (project: string) =>
    JSON.parse(readFileSync(join(targetOf(project), 'run_results.json'), 'utf8')) as RunResults;
  /** What ran, as "<resource type> <name>" (the unique id without the project name), sorted. */
  const ran = (project: string) =>
    runResults(project)
      .results.map((r) => r.unique_id.replace(/^(\w+)\.tiny\./, '$1 ').replace(/\.\w+$/, ''))
      .sort();
  const failureLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('dbt-build: '));
  const leftovers = () => ({
    processes: processesMentioning(privateTmp),
    temp: readdirSync(privateTmp).filter((e) => !e.startsWith('workspace-')),
  });

  beforeAll(() => {
    copyFixture(join(FIXTURES, 'tiny-dbt'), workspace.root, 'libs/tiny');
    copyFixture(join(FIXTURES, 'tiny-dbt'), workspace.root, 'libs/broken');
    writeFileSync(
      join(workspace.root, 'libs/broken/models/stg_colours.sql'),
      "selec id as colour_id, name as colour from {{ source('raw', 'colours') }}\n",
    );
  });
  afterAll(() => {
    workspace.remove();
    const left = leftovers();
    rmSync(privateTmp, { recursive: true, force: true });
    if (outerTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = outerTmp;
    expect(left).toEqual({ processes: [], temp: [] });
  });

  it('builds and tests every node, prints the summary, and writes manifest.json and run_results.json', async () => {
    const { result, stdout } = await run('tiny');
    expect(result).toEqual({ success: true });
    expect(stdout).toContain('load-raw: raw.things and raw.colours loaded');
    expect(stdout).toMatch(
      /dbt build: 5 nodes in [\d.]+ s\n\s+success\s+pass\n\s+model\s+3\s+-\n\s+test\s+-\s+2\n\s+slowest:/,
    );
    expect(stdout).toMatch(/dbt build passed: 5 nodes \(3 models, 2 tests\) in [\d.]+ s\./);
    expect(ran('tiny')).toEqual([
      'model stg_colours',
      'model stg_things',
      'model things_per_colour',
      'test not_null_stg_things_thing_id',
      'test unique_stg_things_thing_id',
    ]);
    expect(existsSync(join(targetOf('tiny'), 'manifest.json'))).toBe(true);
    expect(existsSync(join(targetOf('tiny'), 'logs/dbt.log'))).toBe(true);
    // dbt's own target/ and logs/ stay untouched: the run writes only its target folder.
    expect(readdirSync(join(workspace.root, 'libs/tiny')).sort()).toEqual([
      'dbt_project.yml',
      'models',
      'profiles.yml',
      'target',
    ]);
    expect(leftovers()).toEqual({ processes: [], temp: [] });
  });

  it('leaves a reference (stable manifest, database snapshot) that a slim build starts from, building only state:modified+', async () => {
    const manifest = readFileSync(join(targetOf('tiny'), 'manifest.json'), 'utf8');
    expect(manifest).not.toMatch(
      /atlas_dbt_|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z(?<!2000-01-01T00:00:00.000000Z)/,
    );
    expect(manifest).not.toContain(workspace.root);
    expect(existsSync(join(targetOf('tiny'), 'reference/pgdata.tar.gz'))).toBe(true);
    const reference = join(workspace.root, 'reference');
    cpSync(targetOf('tiny'), reference, { recursive: true });
    appendFileSync(join(workspace.root, 'libs/tiny/models/stg_things.sql'), '-- a change\n');

    const { result, stdout } = await run('tiny', { state: 'reference' });
    expect(result).toEqual({ success: true });
    // No setup: the snapshot holds raw.* and stg_colours, which things_per_colour reads, as the reference built them.
    expect(stdout).not.toContain('load-raw:');
    expect(stdout).toContain('PostgreSQL (embedded, from the reference snapshot) ready');
    expect(stdout).toMatch(/dbt build \(slim, state:modified\+\) passed: 4 nodes \(2 models, 2 tests\)/);
    expect(stdout).toMatch(
      /dbt-build: slim build in [\d.]+ s \(database from the snapshot [\d.]+ s, dbt [\d.]+ s\)/,
    );
    expect(ran('tiny')).toEqual([
      'model stg_things',
      'model things_per_colour',
      'test not_null_stg_things_thing_id',
      'test unique_stg_things_thing_id',
    ]);
    expect(existsSync(join(targetOf('tiny'), 'reference'))).toBe(false);
    expect(leftovers()).toEqual({ processes: [], temp: [] });
  });

  it('falls back to the full build, and says why, when the reference is missing or its setup changed', async () => {
    const missing = await run('tiny', { state: 'no-such-reference' });
    expect(missing.result, missing.stdout + missing.stderr).toEqual({ success: true });
    expect(missing.stdout).toContain(
      'slim: no manifest.json in no-such-reference: running the full build instead.',
    );
    expect(missing.stdout).toMatch(/dbt build passed: 5 nodes/);

    const reference = join(workspace.root, 'reference-changed-setup');
    cpSync(targetOf('tiny'), reference, { recursive: true });
    const changed = await run('tiny', {
      state: 'reference-changed-setup',
      setupCommands: [['node', LOAD_RAW, '--again']],
    });
    expect(changed.result, changed.stdout + changed.stderr).toEqual({ success: true });
    expect(changed.stdout).toContain(
      'slim: the setup commands or the files they read (migrations, fixtures) changed since the reference was built: running the full build instead.',
    );
    expect(changed.stdout).toMatch(/dbt build passed: 5 nodes/);
    expect(leftovers()).toEqual({ processes: [], temp: [] });
  });

  it('names a broken model with its file and the database error, one line per failure', async () => {
    const { result, stderr } = await run('broken');
    expect(result).toEqual({ success: false });
    expect(stderr).toContain(
      '  x model stg_colours (models/stg_colours.sql): syntax error at or near "selec"\n',
    );
    expect(failureLines(stderr)).toEqual([
      'dbt-build: dbt build failed: model stg_colours (models/stg_colours.sql): syntax error at or near "selec".',
    ]);
    expect(
      runResults('broken').results.find((r) => r.unique_id === 'model.tiny.things_per_colour')?.status,
    ).toBe('skipped');
    expect(leftovers()).toEqual({ processes: [], temp: [] });
  });

  describe('on the server in ATLAS_DATABASE_URL', () => {
    let server: EphemeralPostgres;
    const databases = async () => {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        return (
          await client.query<{ datname: string }>(
            "select datname from pg_database where datname like 'atlas_dbt%'",
          )
        ).rows.map((r) => r.datname);
      } finally {
        await client.end();
      }
    };
    beforeAll(async () => {
      server = await startEphemeralPostgres({ serverUrl: undefined, databasePrefix: 'spec_server' });
      process.env['ATLAS_DATABASE_URL'] = server.url;
    });
    afterAll(async () => {
      delete process.env['ATLAS_DATABASE_URL'];
      await server.stop();
    });

    it('names a failing data test and drops its temporary database', async () => {
      const { result, stdout, stderr } = await run('tiny', {
        setupCommands: [['node', LOAD_RAW, '--duplicate']],
        select: 'stg_things',
      });
      expect(result).toEqual({ success: false });
      expect(stdout).toMatch(/PostgreSQL \(external\) ready: database atlas_dbt_/);
      expect(stderr).toContain(
        '  x test unique_stg_things_thing_id (models/sources.yml): Got 1 result, configured to fail if != 0\n',
      );
      expect(failureLines(stderr)).toEqual([
        'dbt-build: dbt build failed: test unique_stg_things_thing_id (models/sources.yml): Got 1 result, configured to fail if != 0.',
      ]);
      expect(await databases()).toEqual([]);
    });

    it('reports a dbt that cannot run at all (unknown profile target) in one line', async () => {
      const { result, stderr } = await run('tiny', { target: 'nope' });
      expect(result).toEqual({ success: false });
      expect(failureLines(stderr)).toHaveLength(1);
      expect(failureLines(stderr)[0]).toMatch(
        /^dbt-build: dbt build could not run \(dbt exit 2; no model or test result\): .*nope/,
      );
      expect(await databases()).toEqual([]);
    });

    it('stops at a failing setup command, naming it', async () => {
      const { result, stderr } = await run('tiny', {
        setupCommands: [['node', '-e', 'console.error("no migrations today"); process.exit(3)']],
      });
      expect(result).toEqual({ success: false });
      expect(failureLines(stderr)).toEqual([
        'dbt-build: Setup command `node -e console.error("no migrations today"); process.exit(3)` failed (exit 3): no migrations today',
      ]);
      expect(await databases()).toEqual([]);
    });
  });
});
