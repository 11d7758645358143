import { defineConfig } from 'vitest/config';

// Browser tests on the built site and the dev-server check (target `e2e`, after `build`).
// One file at a time: each starts a browser or a dev server, and the machine may be small.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
