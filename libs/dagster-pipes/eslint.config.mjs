import base from '../../eslint.config.mjs';

export default [
  ...base,
  {
    // The no-op context keeps upstream's parameters; a leading underscore marks them unused.
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The upstream-shaped API never depends on the additions, so it can be swapped for the package.
    files: ['src/*.ts', 'src/internal/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/extras', '**/extras/**'], message: 'The upstream API does not use the extras.' },
          ],
        },
      ],
    },
  },
  {
    // The additions use the library only through its public API, as they would use the upstream package.
    files: ['src/extras/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../index.js'],
              message: 'Extras import the library from ../index.js (its upstream-shaped API) only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The workspace config is not a project import (the module-boundaries rule misreads it).
    files: ['eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
