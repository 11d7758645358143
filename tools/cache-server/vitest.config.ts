import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    pool: 'forks',
    // The integration suites start real servers and run real nx: give them room on a shared 2-core box.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
