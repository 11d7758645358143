import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
    pool: 'forks',
    // The API test is also a type test: its assertions about upstream's signatures are checked by tsc.
    typecheck: { enabled: true, include: ['tests/upstream-api.spec.ts'], tsconfig: './tsconfig.json' },
    // The integration spec starts Python + dagster and several tsx processes.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
