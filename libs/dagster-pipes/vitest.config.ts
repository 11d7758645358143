import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    pool: 'forks',
    // The integration spec starts Python + dagster and several tsx processes.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
