import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureOutput,
  copyFixture,
  executorContext,
  processesMentioning,
  scratchWorkspace,
  privateTmpdir,
} from '../../testing/executor-harness.js';
import { withEphemeralPostgres } from '@atlas/runtime';
import dagsterValidate from './dagster-validate.impl.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'test-fixtures');
const LOCATION = 'apps/location';

describe('dagster-validate (real dagster)', () => {
  const workspace = scratchWorkspace('atlas-validate-spec-');
  // What the executor makes in the temp folder goes to a folder of this suite's own.
  const tmp = privateTmpdir('atlas-validate-spec-tmp-');
  const run = (options: Parameters<typeof dagsterValidate>[0]) =>
    captureOutput(() => dagsterValidate(options, executorContext(workspace.root, 'location', LOCATION)));
  const failureLine = (stderr: string) =>
    stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('dagster-validate: '));

  beforeAll(() => copyFixture(FIXTURES, workspace.root, LOCATION));
  afterAll(() => {
    workspace.remove();
    // Nothing of ours is left: no scratch folder, no Python process importing a fixture.
    expect(tmp.restore()).toEqual([]);
    expect(processesMentioning('import_check.py')).toEqual([]);
  });

  it('passes a clean location, prints the counts and writes the report', async () => {
    const { result, stdout } = await run({ module: 'good_location' });
    expect(result).toEqual({ success: true });
    expect(stdout).toMatch(
      /good_location: 2 assets, 1 jobs, 1 schedules, 0 sensors; import \d+\.\d\d s \(budget 5 s\)/,
    );
    const report = JSON.parse(
      readFileSync(join(workspace.root, LOCATION, 'dist/dagster-validate/report.json'), 'utf8'),
    );
    expect(report).toMatchObject({
      module: 'good_location',
      validated: true,
      importBudgetSeconds: 5,
      counts: {
        assets: 2,
        jobs: 1,
        schedules: 1,
        sensors: 0,
        asset_keys: ['population_summary', 'raw/ssb_population'],
      },
    });
    expect(existsSync(join(workspace.root, LOCATION, '__pycache__'))).toBe(false);
  });

  it('names the exception and the line when the module raises on import', async () => {
    const { result, stderr } = await run({ module: 'raises_on_import', reportFile: 'out/r.json' });
    expect(result).toEqual({ success: false });
    expect(failureLine(stderr)).toEqual([
      "dagster-validate: Importing raises_on_import raises KeyError: 'ATLAS_FIXTURE_UNSET_SETTING' (at apps/location/raises_on_import.py:7 in <module>()); " +
        'a code location must import without side effects: fix it, or read the setting inside a resource.',
    ]);
    expect(existsSync(join(workspace.root, 'out/r.json'))).toBe(false);
  });

  it('names the call, the address and the calling function when the import opens a socket', async () => {
    const { result, stderr } = await run({ module: 'connects_at_import' });
    expect(result).toEqual({ success: false });
    expect(failureLine(stderr)).toEqual([
      'dagster-validate: Importing connects_at_import opens a network connection: socket.create_connection(127.0.0.1:5432) at ' +
        'apps/location/connects_at_import.py:11 in open_database_connection(); connect inside a resource or asset when it runs, never at import.',
    ]);
  });

  it('catches a connection a native driver (libpq) opened at import and kept', async () => {
    await withEphemeralPostgres(async (url) => {
      process.env['ATLAS_FIXTURE_DATABASE_URL'] = url;
      try {
        const { result, stderr } = await run({ module: 'holds_libpq_connection' });
        expect(result).toEqual({ success: false });
        const port = new URL(url).port;
        expect(failureLine(stderr)).toEqual([
          `dagster-validate: Importing holds_libpq_connection leaves TCP connections open to 127.0.0.1:${port} ` +
            '(a native driver such as libpq connected at import); connect inside a resource or asset when it runs.',
        ]);
      } finally {
        delete process.env['ATLAS_FIXTURE_DATABASE_URL'];
      }
    });
  });

  it('fails an import slower than the budget, with the time it took', async () => {
    process.env['ATLAS_FIXTURE_IMPORT_SLEEP'] = '1.2';
    try {
      const { result, stderr } = await run({ module: 'slow_import', importBudgetSeconds: 0.5 });
      expect(result).toEqual({ success: false });
      expect(failureLine(stderr)[0]).toMatch(
        /^dagster-validate: Importing slow_import took 1\.\d\d s, over the 0\.5 s budget; move the expensive work/,
      );
    } finally {
      delete process.env['ATLAS_FIXTURE_IMPORT_SLEEP'];
    }
  });

  it('stops an import that never finishes and says so', async () => {
    process.env['ATLAS_FIXTURE_IMPORT_SLEEP'] = '600';
    try {
      const { result, stderr } = await run({ module: 'slow_import', timeoutSeconds: 8 });
      expect(result).toEqual({ success: false });
      expect(failureLine(stderr)).toEqual([
        'dagster-validate: Importing slow_import did not finish within 8 s (stopped); something at module scope blocks or loops: move it into an asset or resource.',
      ]);
    } finally {
      delete process.env['ATLAS_FIXTURE_IMPORT_SLEEP'];
    }
  });

  it("reports dagster's own validation error as the root cause", async () => {
    const { result, stderr } = await run({ module: 'invalid_definitions' });
    expect(result).toEqual({ success: false });
    expect(failureLine(stderr)).toEqual([
      "dagster-validate: dagster definitions validate fails for invalid_definitions: DagsterInvalidSubsetError: AssetKey(s) ['missing'] were selected, " +
        'but no AssetsDefinition objects supply these keys. Make sure all keys are spelled correctly, and all AssetsDefinitions are correctly added to the `Definitions`.',
    ]);
  });

  it('reads the module from [tool.atlas.code-location] and refuses a folder without one', async () => {
    const { result, stderr } = await run({});
    expect(result).toEqual({ success: false });
    expect(failureLine(stderr)).toEqual([
      'dagster-validate: No Dagster module given: set the "module" option or add [tool.atlas.code-location] module = "..." to apps/location/pyproject.toml.',
    ]);
  });
});
