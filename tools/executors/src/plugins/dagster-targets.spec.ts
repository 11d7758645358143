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
/** Nx aggregates per-file errors; the message of the first one is what the user reads. */
const inferenceError = async (files: string[]): Promise<string> => {
  try {
    await infer(files);
  } catch (error) {
    return (error as { errors: Array<[string, Error]> }).errors[0]?.[1].message ?? '';
  }
  throw new Error('inference did not fail');
};

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'atlas-dagster-targets-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('inferred Dagster targets', () => {
  it('adds dagster-validate and grpc-smoke to a code location, with its dbt project and ingest as inputs', async () => {
    write('libs/dbt/project.json', { name: 'dbt-project' });
    write(
      'apps/location/pyproject.toml',
      '[project]\nname = "loc"\n\n[tool.atlas.code-location]\nmodule = "loc.definitions"\ndbt-project = "../../libs/dbt"\n' +
        'ingest = "../../libs/ingest"\nexpected-assets = ["raw/ssb_population", "dim_kommune"]\n',
    );
    expect(await infer(['apps/location/pyproject.toml'])).toMatchInlineSnapshot(`
      [
        [
          "apps/location/pyproject.toml",
          {
            "projects": {
              "apps/location": {
                "metadata": {
                  "targetGroups": {
                    "Dagster": [
                      "dagster-validate",
                      "grpc-smoke",
                    ],
                  },
                },
                "targets": {
                  "dagster-validate": {
                    "cache": true,
                    "dependsOn": [
                      {
                        "projects": [
                          "atlas",
                        ],
                        "target": "python-env",
                      },
                      {
                        "projects": [
                          "dbt-project",
                        ],
                        "target": "dbt-build",
                      },
                    ],
                    "executor": "@atlas/executors:dagster-validate",
                    "inputs": [
                      "python",
                      "{workspaceRoot}/libs/dbt/**/*",
                      "!{workspaceRoot}/libs/dbt/target/**/*",
                      "!{workspaceRoot}/libs/dbt/logs/**/*",
                      "!{workspaceRoot}/libs/dbt/dbt_packages/**/*",
                      "!{workspaceRoot}/libs/dbt/node_modules/**/*",
                      "!{workspaceRoot}/libs/dbt/dist/**/*",
                      "{workspaceRoot}/libs/ingest/**/*",
                      "!{workspaceRoot}/libs/ingest/target/**/*",
                      "!{workspaceRoot}/libs/ingest/logs/**/*",
                      "!{workspaceRoot}/libs/ingest/dbt_packages/**/*",
                      "!{workspaceRoot}/libs/ingest/node_modules/**/*",
                      "!{workspaceRoot}/libs/ingest/dist/**/*",
                      {
                        "input": "production",
                        "projects": [
                          "executors",
                        ],
                      },
                    ],
                    "metadata": {
                      "description": "dagster definitions validate on loc.definitions, plus the import discipline (no socket at import, import under a time budget); prints asset, job and schedule counts.",
                      "help": {
                        "command": ".venv/bin/dagster definitions validate --help",
                        "example": {
                          "options": {
                            "importBudgetSeconds": 5,
                          },
                        },
                      },
                      "technologies": [
                        "dagster",
                        "python",
                      ],
                    },
                    "options": {
                      "codeLocation": "{projectRoot}",
                      "env": {
                        "ATLAS_DBT_TARGET_PATH": "target/nx-build",
                      },
                      "module": "loc.definitions",
                      "reportFile": "{projectRoot}/dist/dagster-validate/report.json",
                    },
                    "outputs": [
                      "{projectRoot}/dist/dagster-validate",
                    ],
                  },
                  "grpc-smoke": {
                    "cache": true,
                    "dependsOn": [
                      {
                        "projects": [
                          "atlas",
                        ],
                        "target": "python-env",
                      },
                      {
                        "projects": [
                          "dbt-project",
                        ],
                        "target": "dbt-build",
                      },
                    ],
                    "executor": "@atlas/executors:grpc-smoke",
                    "inputs": [
                      "python",
                      "{workspaceRoot}/libs/dbt/**/*",
                      "!{workspaceRoot}/libs/dbt/target/**/*",
                      "!{workspaceRoot}/libs/dbt/logs/**/*",
                      "!{workspaceRoot}/libs/dbt/dbt_packages/**/*",
                      "!{workspaceRoot}/libs/dbt/node_modules/**/*",
                      "!{workspaceRoot}/libs/dbt/dist/**/*",
                      "{workspaceRoot}/libs/ingest/**/*",
                      "!{workspaceRoot}/libs/ingest/target/**/*",
                      "!{workspaceRoot}/libs/ingest/logs/**/*",
                      "!{workspaceRoot}/libs/ingest/dbt_packages/**/*",
                      "!{workspaceRoot}/libs/ingest/node_modules/**/*",
                      "!{workspaceRoot}/libs/ingest/dist/**/*",
                      {
                        "input": "production",
                        "projects": [
                          "executors",
                        ],
                      },
                    ],
                    "metadata": {
                      "description": "Boot dagster api grpc for loc.definitions on a free loopback port, wait for the health check, check the served assets, stop it.",
                      "help": {
                        "command": ".venv/bin/dagster api grpc --help",
                        "example": {
                          "options": {
                            "expectedAssets": [
                              "raw/ssb_population",
                            ],
                            "startTimeoutMs": 120000,
                          },
                        },
                      },
                      "technologies": [
                        "dagster",
                        "grpc",
                      ],
                    },
                    "options": {
                      "codeLocation": "{projectRoot}",
                      "env": {
                        "ATLAS_DBT_TARGET_PATH": "target/nx-build",
                      },
                      "expectedAssets": [
                        "raw/ssb_population",
                        "dim_kommune",
                      ],
                      "module": "loc.definitions",
                      "reportFile": "{projectRoot}/dist/grpc-smoke/report.json",
                    },
                    "outputs": [
                      "{projectRoot}/dist/grpc-smoke",
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

  it('infers nothing for Python projects that are not code locations, nor for the workspace root', async () => {
    write('libs/py/pyproject.toml', '[project]\nname = "py"\n');
    write('pyproject.toml', '[tool.atlas.code-location]\nmodule = "root"\n');
    expect(await infer(['libs/py/pyproject.toml', 'pyproject.toml'])).toEqual([
      ['libs/py/pyproject.toml', {}],
      ['pyproject.toml', {}],
    ]);
  });

  it('depends only on python-env when the location names no dbt project', async () => {
    write('apps/plain/pyproject.toml', '[tool.atlas.code-location]\nmodule = "plain.defs"\n');
    const [[, result]] = (await infer(['apps/plain/pyproject.toml'])) as [
      [
        string,
        { projects: Record<string, { targets: Record<string, { dependsOn: unknown; inputs: unknown }> }> },
      ],
    ];
    const validate = result.projects['apps/plain']?.targets['dagster-validate'];
    expect(validate?.dependsOn).toEqual([{ projects: ['atlas'], target: 'python-env' }]);
    expect(validate?.inputs).toEqual(['python', { input: 'production', projects: ['executors'] }]);
  });

  it('reports a malformed table with the file and the fix', async () => {
    write('apps/bad/pyproject.toml', '[tool.atlas.code-location]\nexpected-assets = ["x"]\n');
    expect(await inferenceError(['apps/bad/pyproject.toml'])).toMatch(
      /apps\/bad\/pyproject\.toml needs module = "<python\.module>"/,
    );
  });
});
