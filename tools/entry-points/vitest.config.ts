import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    pool: 'forks',
    // Each case starts a real program (some start nx, one an embedded PostgreSQL).
    testTimeout: 300_000,
  },
});
