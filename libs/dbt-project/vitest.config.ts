import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['contract-check/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
