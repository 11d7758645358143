import base from '../../eslint.config.mjs';
import executorBoundaries from './eslint/no-cross-executor-imports.mjs';

export default [
  ...base,
  {
    files: ['src/**/*.ts'],
    plugins: { 'atlas-executors': executorBoundaries },
    rules: { 'atlas-executors/no-cross-executor-imports': 'error' },
  },
];
