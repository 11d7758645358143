import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    pool: 'forks',
    // Integration specs start an embedded PostgreSQL and run the CLI as a subprocess.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
