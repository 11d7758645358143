import { describe, expect, it } from 'vitest';
import { normalizeOptions } from './normalize-options.js';

describe('dagster-validate normalizeOptions', () => {
  it('fills the defaults around the project root', () => {
    expect(normalizeOptions({ module: 'loc.defs' }, '/repo', 'apps/loc')).toEqual({
      cwd: '/repo/apps/loc',
      module: 'loc.defs',
      importBudgetSeconds: 5,
      reportFile: '/repo/apps/loc/dist/dagster-validate/report.json',
      timeoutMs: 300_000,
      env: {},
    });
  });

  it('keeps given values', () => {
    expect(
      normalizeOptions(
        {
          module: 'm',
          codeLocation: 'apps/other',
          importBudgetSeconds: 2.5,
          env: { ATLAS_DBT_TARGET_PATH: 'target/x' },
          reportFile: 'out/v.json',
          timeoutSeconds: 10,
        },
        '/repo',
        'apps/loc',
      ),
    ).toEqual({
      cwd: '/repo/apps/other',
      module: 'm',
      importBudgetSeconds: 2.5,
      reportFile: '/repo/out/v.json',
      timeoutMs: 10_000,
      env: { ATLAS_DBT_TARGET_PATH: 'target/x' },
    });
  });

  it('refuses a budget that is not a positive number', () => {
    expect(() => normalizeOptions({ module: 'm', importBudgetSeconds: 0 }, '/repo', 'apps/loc')).toThrow(
      'Option importBudgetSeconds must be a positive number of seconds (got 0).',
    );
  });
});
