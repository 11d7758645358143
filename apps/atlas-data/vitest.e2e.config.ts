import { defineConfig } from 'vitest/config';

// The local-development tests (target dev-e2e): `atlas-data:dev` with the Dagster UI in a browser,
// and `atlas:dev` with every local surface. One file at a time: each starts a whole environment.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['./e2e/global-setup.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
