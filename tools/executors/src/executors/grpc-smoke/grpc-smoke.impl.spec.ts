import { readFileSync } from 'node:fs';
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
import grpcSmoke from './grpc-smoke.impl.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'test-fixtures');
const LOCATION = 'apps/smoke';

describe('grpc-smoke (real dagster api grpc)', () => {
  const workspace = scratchWorkspace('atlas-grpc-spec-');
  // What the executor makes in the temp folder goes to a folder of this suite's own.
  const tmp = privateTmpdir('atlas-grpc-spec-tmp-');
  const run = (options: Parameters<typeof grpcSmoke>[0]) =>
    captureOutput(() => grpcSmoke(options, executorContext(workspace.root, 'smoke', LOCATION)));
  const failureLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('grpc-smoke: '));
  // Every server and health check this suite starts names its module in its command line.
  const ours = () => [
    ...processesMentioning('smoke_location'),
    ...processesMentioning('hangs_at_import'),
    ...processesMentioning('served_assets.py'),
  ];

  beforeAll(() => {
    copyFixture(FIXTURES, workspace.root, LOCATION);
    expect(ours()).toEqual([]);
  });
  afterAll(() => {
    workspace.remove();
    expect(tmp.restore()).toEqual([]);
  });

  it('boots the server, finds the expected assets in what it serves, and stops it', async () => {
    const { result, stdout } = await run({
      module: 'smoke_location',
      expectedAssets: ['raw/ssb_population', 'dim_kommune'],
    });
    expect(result).toEqual({ success: true });
    expect(stdout).toMatch(/code server for smoke_location on 127\.0\.0\.1:\d+ is healthy after/);
    expect(stdout).toMatch(/serves 3 assets in 1 repository; all 2 expected assets present/);
    const report = JSON.parse(
      readFileSync(join(workspace.root, LOCATION, 'dist/grpc-smoke/report.json'), 'utf8'),
    );
    expect(report.repositories).toEqual({
      __repository__: ['dim_kommune', 'raw/kommuner', 'raw/ssb_population'],
    });
    expect(ours()).toEqual([]);
  });

  it('fails naming the expected assets the server does not serve', async () => {
    const { result, stderr } = await run({
      module: 'smoke_location',
      expectedAssets: ['raw/ssb_crime', 'raw/kommuner'],
    });
    expect(result).toEqual({ success: false });
    expect(failureLines(stderr)).toEqual([
      'grpc-smoke: The code server for smoke_location does not serve the expected asset(s) raw/ssb_crime ' +
        '(it serves 3: dim_kommune, raw/kommuner, raw/ssb_population); fix the definitions or the expectedAssets option.',
    ]);
    expect(ours()).toEqual([]);
  });

  it('gives up on a server that never gets healthy, prints its last output, and leaves no process', async () => {
    // Long enough for the dagster CLI itself to start on a loaded 2-core runner, so its first line is printed.
    const { result, stderr } = await run({ module: 'hangs_at_import', startTimeoutMs: 30_000 });
    expect(result).toEqual({ success: false });
    expect(stderr).toContain('Starting Dagster code server for module hangs_at_import');
    expect(failureLines(stderr)).toEqual([
      'grpc-smoke: The code server for hangs_at_import did not pass dagster api grpc-health-check within 30000 ms; ' +
        'its last output is above (an import that blocks or is very slow keeps it from serving).',
    ]);
    expect(ours()).toEqual([]);
  });

  it('reports a server that dies at startup with its exit and output', async () => {
    const { result, stderr } = await run({ module: 'no_such_module_here', startTimeoutMs: 60_000 });
    expect(result).toEqual({ success: false });
    expect(stderr).toContain('No module named');
    expect(failureLines(stderr)).toEqual([
      'grpc-smoke: The code server for no_such_module_here exited (1) before it became healthy; its last output is above.',
    ]);
  });
});
