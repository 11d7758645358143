import nextPlugin from '@next/eslint-plugin-next';
import base from '../../eslint.config.mjs';

export default [
  ...base,
  {
    // Next.js's own rules (the core-web-vitals set includes the recommended ones).
    ...nextPlugin.configs['core-web-vitals'],
    files: ['**/*.ts', '**/*.tsx'],
    settings: { next: { rootDir: import.meta.dirname } },
  },
  {
    // The workspace config is not a project import (the module-boundaries rule misreads it).
    files: ['eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
