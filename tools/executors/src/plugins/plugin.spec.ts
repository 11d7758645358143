import type { TargetConfiguration } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferEdges, inferWorkspace, tempWorkspace, type Inferred } from './testing/temp-workspace.js';

let workspace: ReturnType<typeof tempWorkspace>;
let inferred: Inferred;

const targetsOf = (root: string): Record<string, TargetConfiguration> =>
  inferred.projects[root]?.targets ?? {};
const target = (root: string, name: string): TargetConfiguration => {
  const found = targetsOf(root)[name];
  if (!found) throw new Error(`${root} has no ${name} target: ${Object.keys(targetsOf(root)).join(', ')}`);
  return found;
};
const externals = (t: TargetConfiguration): string[] =>
  (t.inputs ?? []).flatMap((i) =>
    typeof i === 'object' && 'externalDependencies' in i ? i.externalDependencies : [],
  );
const files = (t: TargetConfiguration): string[] =>
  (t.inputs ?? []).filter((i): i is string => typeof i === 'string');

beforeAll(async () => {
  workspace = tempWorkspace('atlas-plugin-');
  inferred = await inferWorkspace(workspace.root);
});
afterAll(() => workspace.remove());

describe('the workspace plugin on a temporary workspace', () => {
  it('infers every target from the files, each with a description', () => {
    const names = Object.fromEntries(
      Object.entries(inferred.projects).map(([root, p]) => [root, Object.keys(p.targets ?? {}).sort()]),
    );
    expect(names).toEqual({
      '.': ['actionlint', 'dev', 'format', 'lint', 'python-env'],
      'apps/loc': [
        'dagster-validate',
        'dev',
        'e2e',
        'format',
        'grpc-smoke',
        'lint',
        'pytest',
        'ruff',
        'test',
      ],
      'apps/site': [
        'build',
        'deploy',
        'dev-local',
        'e2e',
        'format',
        'lint',
        'rollback',
        'scan',
        'serve',
        'site-assets',
        'test',
      ],
      'libs/dbt': ['dbt-build', 'dbt-docs', 'format', 'lint', 'test'],
      'libs/ingest': ['format', 'lint'],
      'libs/ts': [
        'eslint',
        'format',
        'lint',
        'test',
        'test-first',
        'test-integration',
        'test-second',
        'test-unit',
        'typecheck',
      ],
      'tools/exec': ['format', 'lint', 'test', 'test-dbt-build', 'test-utils'],
      'tools/rt': ['format', 'lint'],
    });
    for (const [root, project] of Object.entries(inferred.projects))
      for (const [name, t] of Object.entries(project.targets ?? {}))
        expect(t.metadata?.['description'], `${root}:${name}`).toMatch(/\w/);
  });

  it('starts the local surfaces local-dev.json lists, each dev server under the supervisor', () => {
    expect(target('.', 'dev').dependsOn).toEqual([
      { projects: ['loc'], target: 'dev' },
      { projects: ['site'], target: 'dev-local' },
    ]);
    expect(target('.', 'dev').continuous).toBe(true);
    const site = target('apps/site', 'dev-local');
    expect(site.command).toBe(
      'API_URL="${API_URL:-http://localhost:1}" node --import tsx ../../tools/rt/supervise.ts -- docusaurus start --host localhost --port 3999 --no-open',
    );
    expect(site.dependsOn).toEqual(['site-assets']);
    expect(target('apps/loc', 'dev').continuous).toBe(true);
  });

  it('runs the code location end to end as one of its gates, on what the run starts', () => {
    expect(target('apps/loc', 'test').dependsOn).toContain('e2e');
    const e2e = target('apps/loc', 'e2e');
    expect(e2e.command).toBe('../../.venv/bin/pytest loc_e2e_tests');
    expect(files(e2e)).toContain('{projectRoot}/loc_e2e_tests/**/*');
    // The scripts it starts import the runtime package: its sources are hashed.
    expect(files(e2e)).toContain('{workspaceRoot}/tools/rt/src/*');
    expect(files(target('apps/loc', 'pytest'))).toContain('!{projectRoot}/*_e2e_tests/**/*');
  });

  it('composes lint and test of every gate the project has', () => {
    expect(target('libs/ts', 'lint').dependsOn).toEqual(['typecheck', 'eslint', 'format']);
    expect(target('libs/ts', 'test').dependsOn).toEqual([
      'test-first',
      'test-integration',
      'test-second',
      'test-unit',
    ]);
    expect(target('libs/dbt', 'test').dependsOn).toEqual(['dbt-build']);
    expect(target('apps/loc', 'test').dependsOn).toEqual(['pytest', 'dagster-validate', 'grpc-smoke', 'e2e']);
    expect(target('apps/loc', 'lint').dependsOn).toEqual(['format', 'ruff']);
    expect(target('apps/site', 'test').dependsOn).toEqual(['e2e']);
    expect(target('.', 'lint').dependsOn).toEqual(['actionlint', 'format']);
    expect(target('libs/ts', 'test').executor).toBe('nx:noop');
  });

  it('runs the site browser tests and the scan of what it ships before it deploys, after the dbt docs it embeds are built', () => {
    expect(target('apps/site', 'deploy').dependsOn).toEqual(['build', 'e2e', 'scan']);
    expect(target('apps/site', 'scan').options).toEqual({ commit: false, folders: ['{projectRoot}/build'] });
    expect(target('apps/site', 'build').dependsOn).toEqual([
      'site-assets',
      { projects: ['dbt-project'], target: 'dbt-docs' },
    ]);
    expect(target('apps/site', 'build').inputs).toContainEqual('{workspaceRoot}/libs/dbt/api/openapi.json');
    expect(target('apps/site', 'build').inputs).not.toContain('^production');
  });

  it('hashes an executor target on that executor and the shared code it imports, not on other executors', () => {
    const build = files(target('libs/dbt', 'dbt-build'));
    expect(build).toContain('{workspaceRoot}/tools/exec/src/executors/dbt-build/**/*');
    expect(build).toContain('{workspaceRoot}/tools/exec/src/utils/dbt/*');
    expect(build).toContain('{workspaceRoot}/tools/rt/src/*');
    expect(build.some((f) => f.includes('executors/pages') || f.includes('utils/git'))).toBe(false);
    expect(build).toContain('!{workspaceRoot}/tools/exec/src/executors/dbt-build/**/*.spec.ts');
    expect(externals(target('libs/dbt', 'dbt-build'))).toEqual(expect.arrayContaining(['pg', 'yaml']));
    expect(externals(target('libs/dbt', 'dbt-build'))).not.toContain('eslint');
  });

  it('hashes only the locked Python packages each target runs', () => {
    const python = (t: TargetConfiguration) => externals(t).filter((e) => e.startsWith('pypi:'));
    expect(python(target('libs/dbt', 'dbt-build'))).toEqual(['pypi:dbt-core']);
    expect(python(target('apps/loc', 'dagster-validate'))).toEqual(['pypi:dagster', 'pypi:dbt-core']);
    expect(python(target('apps/loc', 'pytest'))).toEqual(['pypi:dagster', 'pypi:dbt-core', 'pypi:pytest']);
    expect(python(target('apps/loc', 'ruff'))).toEqual(['pypi:ruff']);
    expect(python(target('tools/exec', 'test-utils'))).toEqual([]);
    expect(Object.keys(inferred.externalNodes).sort()).toEqual([
      'pypi:agate',
      'pypi:dagster',
      'pypi:dbt-core',
      'pypi:packaging',
      'pypi:pluggy',
      'pypi:pytest',
      'pypi:ruff',
    ]);
  });

  it('splits specs into targets that rerun one by one: per executor, unit vs integration', () => {
    expect(target('tools/exec', 'test-dbt-build').command).toBe('vitest run src/executors/dbt-build/');
    expect(files(target('tools/exec', 'test-dbt-build'))).toContain(
      '{workspaceRoot}/tools/exec/src/utils/dbt/*',
    );
    expect(target('libs/ts', 'test-unit').command).toBe(
      'vitest run --exclude "src/items/first/**" --exclude "tests/**" --exclude "src/items/second/**"',
    );
    expect(target('libs/ts', 'test-unit').inputs).toContain('!{projectRoot}/tests/**/*');
    expect(target('libs/ts', 'test-integration').command).toBe('vitest run tests/');
  });

  it('gives each item folder a test group of its own that hashes its data, not its siblings', () => {
    const first = target('libs/ts', 'test-first');
    expect(first.command).toBe('vitest run src/items/first/');
    expect(files(first)).toContain('{workspaceRoot}/libs/ts/src/items/first/**/*');
    expect(files(first)).toContain('{projectRoot}/data/first/**/*');
    // What its spec imports from outside the folder, by folder; not the project's production files.
    expect(files(first)).toContain('{workspaceRoot}/libs/ts/src/*');
    expect(first.inputs).not.toContain('production');
    expect(JSON.stringify(first.inputs)).not.toContain('second');
    expect(target('libs/ts', 'test-unit').inputs).toContain('!{projectRoot}/src/items/first/**/*');
    expect(target('libs/ts', 'test').dependsOn).toEqual([
      'test-first',
      'test-integration',
      'test-second',
      'test-unit',
    ]);
  });

  it('gives dependents of an executor package only what it exports to code', () => {
    expect(inferred.projects['tools/exec']?.namedInputs?.['production']).toEqual([
      '{projectRoot}/package.json',
      '{projectRoot}/executors.json',
      '{projectRoot}/src/ci/*',
      '!{projectRoot}/src/ci/*.spec.ts',
      '!{projectRoot}/src/ci/README.md',
    ]);
  });

  it('says why each edge Nx cannot see in imports exists', async () => {
    expect(await inferEdges(workspace.root, inferred)).toEqual([
      'dbt-project -> exec (libs/dbt/dbt_project.yml)',
      'dbt-project -> ingest (libs/dbt/project.json)',
      'loc -> dbt-project (apps/loc/pyproject.toml)',
      'loc -> exec (apps/loc/pyproject.toml)',
      'loc -> ingest (apps/loc/pyproject.toml)',
      'site -> dbt-project (apps/site/site-assets.json)',
      'site -> exec (apps/site/pages.json)',
    ]);
  });
});
