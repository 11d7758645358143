import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx'],
    environment: 'node',
    globalSetup: ['src/testing/postgres-server.global-setup.ts'],
    pool: 'forks',
    // Specs start an embedded PostgreSQL and run the real migrations through the ingest CLI.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NEXT_TELEMETRY_DISABLED: '1' },
  },
});
