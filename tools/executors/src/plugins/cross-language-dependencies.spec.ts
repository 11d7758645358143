import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateDependenciesContext, ProjectConfiguration } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrossLanguageDependencies } from './cross-language-dependencies.js';

let workspace: string;

function write(path: string, content: unknown): void {
  const file = join(workspace, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

function context(
  projects: Record<string, string>,
  targets: Record<string, ProjectConfiguration['targets']> = {},
): CreateDependenciesContext {
  const configs: Record<string, ProjectConfiguration> = {};
  for (const [name, root] of Object.entries(projects))
    configs[name] = { name, root, targets: targets[name] ?? {} };
  return {
    projects: configs,
    workspaceRoot: workspace,
    externalNodes: {},
    nxJsonConfiguration: {},
    fileMap: { projectFileMap: {}, nonProjectFiles: [] },
    filesToProcess: { projectFileMap: {}, nonProjectFiles: [] },
  };
}

async function edges(
  projects: Record<string, string>,
  targets: Record<string, ProjectConfiguration['targets']> = {},
): Promise<string[]> {
  const deps = await createCrossLanguageDependencies(undefined, context(projects, targets));
  return deps.map((d) => `${d.source} -> ${d.target} (${'sourceFile' in d ? d.sourceFile : ''})`).sort();
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'atlas-plugin-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('createCrossLanguageDependencies', () => {
  it('links a dbt project to the package whose bin its setup commands run', async () => {
    write('libs/ingest/package.json', {
      name: '@atlas/ingest',
      bin: { 'atlas-ingest': './bin/atlas-ingest.mjs' },
    });
    write('libs/dbt/project.json', {
      targets: {
        'dbt-build': {
          options: {
            setupCommands: [
              ['npx', 'atlas-ingest', 'migrate'],
              ['dbt', 'deps'],
            ],
          },
        },
      },
    });
    expect(await edges({ ingest: 'libs/ingest', dbt: 'libs/dbt' })).toEqual([
      'dbt -> ingest (libs/dbt/project.json)',
    ]);
  });

  it('links a project to the owner of any path its targets mention, in command strings and inputs', async () => {
    write('libs/dbt/dbt_project.yml', 'name: x\n');
    write('apps/site/project.json', {
      targets: {
        build: {
          command: 'node scripts/copy.mjs --from ../../libs/dbt/target/lineage && docusaurus build',
          inputs: ['default', '{workspaceRoot}/libs/contract/openapi.json'],
        },
      },
    });
    expect(await edges({ site: 'apps/site', dbt: 'libs/dbt', contract: 'libs/contract' })).toEqual([
      'site -> contract (apps/site/project.json)',
      'site -> dbt (apps/site/project.json)',
    ]);
  });

  it('reads the paths a Python project declares under [tool.atlas]', async () => {
    write(
      'apps/location/pyproject.toml',
      '[project]\nname = "loc"\n\n[tool.atlas.code-location]\nmodule = "loc.definitions"\ndbt-project = "../../libs/dbt"\ningest = "../../libs/ingest"\n',
    );
    expect(await edges({ location: 'apps/location', dbt: 'libs/dbt', ingest: 'libs/ingest' })).toEqual([
      'location -> dbt (apps/location/pyproject.toml)',
      'location -> ingest (apps/location/pyproject.toml)',
    ]);
  });

  it('ignores its own files, the workspace root, URLs and paths outside the workspace', async () => {
    write('apps/a/project.json', {
      targets: {
        x: {
          command:
            'curl https://example.org/libs/b/file && cat ../../../etc/passwd && cat {projectRoot}/src/x.ts',
          inputs: ['{workspaceRoot}/uv.lock'],
        },
      },
    });
    expect(await edges({ a: 'apps/a', b: 'libs/b', root: '.' })).toEqual([]);
  });

  it('makes a project that runs a workspace executor depend on the package implementing it', async () => {
    write('tools/plugin/package.json', { name: '@atlas/plugin', executors: './executors.json' });
    write('libs/dbt/dbt_project.yml', 'name: x\n');
    const targets = {
      dbt: { 'dbt-build': { executor: '@atlas/plugin:dbt-build' }, lint: { executor: 'nx:run-commands' } },
    };
    expect(await edges({ plugin: 'tools/plugin', dbt: 'libs/dbt' }, targets)).toEqual(['dbt -> plugin ()']);
  });

  it('attributes a nested path to the deepest project', async () => {
    write('apps/a/project.json', {
      targets: { x: { inputs: ['{workspaceRoot}/libs/outer/inner/file.sql'] } },
    });
    expect(await edges({ a: 'apps/a', outer: 'libs/outer', inner: 'libs/outer/inner' })).toEqual([
      'a -> inner (apps/a/project.json)',
    ]);
  });
});
