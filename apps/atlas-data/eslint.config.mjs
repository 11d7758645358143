import base from '../../eslint.config.mjs';

export default [
  ...base,
  // The shared config is imported by path because the workspace root is not a package; the
  // boundary rule reads that import as a reach into the root project.
  { files: ['eslint.config.mjs'], rules: { '@nx/enforce-module-boundaries': 'off' } },
];
