import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    pool: 'forks',
    // The planted failures run nx in a clone of the repository, one change at a time.
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
