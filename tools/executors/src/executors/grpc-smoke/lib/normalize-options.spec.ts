import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeOptions } from './normalize-options.js';

describe('grpc-smoke normalizeOptions', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'atlas-grpc-options-'));
    mkdirSync(join(workspace, 'apps/loc'), { recursive: true });
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('takes module and expected assets from [tool.atlas.code-location] by default', () => {
    writeFileSync(
      join(workspace, 'apps/loc/pyproject.toml'),
      '[tool.atlas.code-location]\nmodule = "loc.defs"\nexpected-assets = ["raw/kommuner"]\n',
    );
    expect(normalizeOptions({}, workspace, 'apps/loc')).toEqual({
      cwd: join(workspace, 'apps/loc'),
      module: 'loc.defs',
      expectedAssets: ['raw/kommuner'],
      startTimeoutMs: 120_000,
      queryTimeoutMs: 120_000,
      reportFile: join(workspace, 'apps/loc/dist/grpc-smoke/report.json'),
      env: {},
    });
  });

  it('lets options win over the pyproject table', () => {
    writeFileSync(
      join(workspace, 'apps/loc/pyproject.toml'),
      '[tool.atlas.code-location]\nmodule = "loc.defs"\nexpected-assets = ["raw/kommuner"]\n',
    );
    const options = normalizeOptions(
      { module: 'other', expectedAssets: [], startTimeoutMs: 500 },
      workspace,
      'apps/loc',
    );
    expect(options).toMatchObject({ module: 'other', expectedAssets: [], startTimeoutMs: 500 });
  });

  it('refuses a malformed asset key and a non-positive timeout, one line each', () => {
    expect(() =>
      normalizeOptions({ module: 'm', expectedAssets: ['raw//x'] }, workspace, 'apps/loc'),
    ).toThrow(
      'Expected asset key "raw//x" is malformed: write keys with slashes between parts, like "raw/ssb_population".',
    );
    expect(() => normalizeOptions({ module: 'm', startTimeoutMs: -1 }, workspace, 'apps/loc')).toThrow(
      'Option startTimeoutMs must be a positive number of milliseconds (got -1).',
    );
  });
});
