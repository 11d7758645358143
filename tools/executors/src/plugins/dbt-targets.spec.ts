import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodes } from './plugin.js';

let workspace: string;
const write = (path: string, content: unknown) => {
  mkdirSync(dirname(join(workspace, path)), { recursive: true });
  writeFileSync(join(workspace, path), typeof content === 'string' ? content : JSON.stringify(content));
};
const context = (): CreateNodesContext => ({ nxJsonConfiguration: {}, workspaceRoot: workspace });
const infer = (files: string[]) => createNodes[1](files, undefined, context());

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'atlas-dbt-targets-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('inferred dbt targets', () => {
  it('matches dbt_project.yml through the plugin glob', () => {
    expect(createNodes[0]).toContain('dbt_project.yml');
  });

  it('adds dbt-build and dbt-docs to a dbt project, cached on its dbt files, the Python lock, the executors and its dependencies', async () => {
    write('libs/dbt/project.json', { name: 'dbt-project' });
    write('libs/dbt/dbt_project.yml', 'name: atlas\n');
    expect(await infer(['libs/dbt/dbt_project.yml'])).toMatchInlineSnapshot(`
      [
        [
          "libs/dbt/dbt_project.yml",
          {
            "projects": {
              "libs/dbt": {
                "metadata": {
                  "targetGroups": {
                    "dbt": [
                      "dbt-build",
                      "dbt-docs",
                    ],
                  },
                },
                "targets": {
                  "dbt-build": {
                    "cache": true,
                    "dependsOn": [
                      {
                        "projects": [
                          "atlas",
                        ],
                        "target": "python-env",
                      },
                    ],
                    "executor": "@atlas/executors:dbt-build",
                    "inputs": [
                      "{projectRoot}/**/*.sql",
                      "{projectRoot}/**/*.yml",
                      "{projectRoot}/**/*.yaml",
                      "{projectRoot}/**/*.csv",
                      "{projectRoot}/**/*.md",
                      "!{projectRoot}/README.md",
                      "!{projectRoot}/target/**/*",
                      "!{projectRoot}/logs/**/*",
                      "!{projectRoot}/dbt_packages/**/*",
                      "!{projectRoot}/node_modules/**/*",
                      "{projectRoot}/pyproject.toml",
                      "{workspaceRoot}/uv.lock",
                      "{workspaceRoot}/pyproject.toml",
                      {
                        "input": "production",
                        "projects": [
                          "executors",
                        ],
                      },
                      "^production",
                    ],
                    "metadata": {
                      "description": "dbt build (seeds, models, snapshots, data and unit tests) on a fresh PostgreSQL after the setup commands; prints a run summary and names each failing node. Slim mode: --state=<folder with a reference manifest.json>.",
                      "help": {
                        "command": ".venv/bin/dbt build --help",
                        "example": {
                          "options": {
                            "select": "+fct_kommune_indicator",
                            "state": "dist/reference-manifest",
                          },
                        },
                      },
                      "technologies": [
                        "dbt",
                        "postgresql",
                      ],
                    },
                    "options": {
                      "projectDir": "{projectRoot}",
                      "targetPath": "{projectRoot}/target/nx-build",
                    },
                    "outputs": [
                      "{projectRoot}/target/nx-build",
                    ],
                  },
                  "dbt-docs": {
                    "cache": true,
                    "dependsOn": [
                      {
                        "projects": [
                          "atlas",
                        ],
                        "target": "python-env",
                      },
                    ],
                    "executor": "@atlas/executors:dbt-docs",
                    "inputs": [
                      "{projectRoot}/**/*.sql",
                      "{projectRoot}/**/*.yml",
                      "{projectRoot}/**/*.yaml",
                      "{projectRoot}/**/*.csv",
                      "{projectRoot}/**/*.md",
                      "!{projectRoot}/README.md",
                      "!{projectRoot}/target/**/*",
                      "!{projectRoot}/logs/**/*",
                      "!{projectRoot}/dbt_packages/**/*",
                      "!{projectRoot}/node_modules/**/*",
                      "{projectRoot}/pyproject.toml",
                      "{workspaceRoot}/uv.lock",
                      "{workspaceRoot}/pyproject.toml",
                      {
                        "input": "production",
                        "projects": [
                          "executors",
                        ],
                      },
                      "^production",
                    ],
                    "metadata": {
                      "description": "The static dbt docs site (lineage and catalog) in target/lineage/index.html, from relations built with zero rows on a fresh PostgreSQL.",
                      "help": {
                        "command": ".venv/bin/dbt docs generate --help",
                        "example": {
                          "options": {
                            "outputPath": "{projectRoot}/target/lineage",
                          },
                        },
                      },
                      "technologies": [
                        "dbt",
                        "postgresql",
                      ],
                    },
                    "options": {
                      "outputPath": "{projectRoot}/target/lineage",
                      "projectDir": "{projectRoot}",
                    },
                    "outputs": [
                      "{projectRoot}/target/lineage",
                    ],
                  },
                },
              },
            },
          },
        ],
      ]
    `);
  });

  it('infers nothing for a dbt project that is not an Nx project (fixtures, installed packages) nor at the workspace root', async () => {
    write('tools/x/test-fixtures/tiny/dbt_project.yml', 'name: tiny\n');
    write('libs/dbt/dbt_packages/dbt_utils/dbt_project.yml', 'name: dbt_utils\n');
    write('dbt_project.yml', 'name: root\n');
    write('package.json', '{}');
    expect(
      await infer([
        'tools/x/test-fixtures/tiny/dbt_project.yml',
        'libs/dbt/dbt_packages/dbt_utils/dbt_project.yml',
        'dbt_project.yml',
      ]),
    ).toEqual([
      ['tools/x/test-fixtures/tiny/dbt_project.yml', {}],
      ['libs/dbt/dbt_packages/dbt_utils/dbt_project.yml', {}],
      ['dbt_project.yml', {}],
    ]);
  });

  it('also infers for a dbt project whose Nx project is declared by package.json', async () => {
    write('libs/other/package.json', { name: '@x/other' });
    write('libs/other/dbt_project.yml', 'name: other\n');
    const [[, result]] = (await infer(['libs/other/dbt_project.yml'])) as [
      [string, { projects: Record<string, { targets: Record<string, unknown> }> }],
    ];
    expect(Object.keys(result.projects['libs/other']?.targets ?? {})).toEqual(['dbt-build', 'dbt-docs']);
  });
});
