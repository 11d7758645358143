import type { TargetConfiguration } from '@nx/devkit';

/**
 * `lint` and `test` of a project as compositions of what the inferrers found: `lint` runs the static
 * checks (eslint, typecheck, format, ruff, actionlint), `test` every test gate (the vitest groups,
 * pytest, dbt build, the Dagster checks, browser tests). So `nx affected -t lint test build deploy`
 * reaches every gate of every affected project, and each gate stays its own cached task.
 */
export function gateTargets(lint: string[], test: string[]): Record<string, TargetConfiguration> {
  const gate = (name: string, parts: string[], what: string): Record<string, TargetConfiguration> =>
    parts.length === 0
      ? {}
      : {
          [name]: {
            executor: 'nx:noop',
            dependsOn: [...new Set(parts)],
            cache: true,
            metadata: {
              technologies: ['nx'],
              description: `${what}: ${[...new Set(parts)].join(', ')}.`,
            },
          },
        };
  return {
    ...gate('lint', lint, 'Every static check of the project'),
    ...gate('test', test, 'Every test gate of the project'),
  };
}
