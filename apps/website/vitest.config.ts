import { defineConfig } from 'vitest/config';

// Unit and integration tests of the site's scripts (the browser tests are in vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['scripts/**/*.spec.ts', 'src/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
  },
});
