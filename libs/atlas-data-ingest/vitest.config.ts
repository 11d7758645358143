import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    pool: 'forks',
    // On 2 cores vitest would run one file at a time; the integration files mostly wait on child
    // processes (PostgreSQL, the CLI, dagster), so two at a time halves the wall time.
    maxWorkers: 2,
    minWorkers: 1,
    // Integration specs start an embedded PostgreSQL, the CLI and dagster as subprocesses.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
