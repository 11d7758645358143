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
  workspace = mkdtempSync(join(tmpdir(), 'atlas-pages-targets-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('inferred Pages targets', () => {
  it('adds deploy (after build, never cached) and rollback to a site with pages.json', async () => {
    write('apps/site/project.json', { name: 'site' });
    write('apps/site/pages.json', {
      buildDir: 'build/',
      branch: 'gh-pages',
      remote: 'origin',
      cname: 'atlas.example.no',
    });
    expect(await infer(['apps/site/pages.json'])).toMatchInlineSnapshot(`
      [
        [
          "apps/site/pages.json",
          {
            "projects": {
              "apps/site": {
                "metadata": {
                  "targetGroups": {
                    "GitHub Pages": [
                      "deploy",
                      "rollback",
                    ],
                  },
                },
                "targets": {
                  "deploy": {
                    "cache": false,
                    "dependsOn": [
                      "build",
                    ],
                    "executor": "@atlas/executors:pages-deploy",
                    "metadata": {
                      "description": "Publish apps/site/build to the gh-pages branch as one new commit (dry run off main or without credentials).",
                      "help": {
                        "command": "git push --help",
                        "example": {
                          "options": {
                            "dryRun": true,
                          },
                        },
                      },
                      "technologies": [
                        "github-pages",
                        "git",
                      ],
                    },
                    "options": {
                      "branch": "gh-pages",
                      "buildDir": "{projectRoot}/build",
                      "cname": "atlas.example.no",
                      "remote": "origin",
                    },
                  },
                  "rollback": {
                    "cache": false,
                    "executor": "@atlas/executors:pages-deploy",
                    "metadata": {
                      "description": "Re-publish the previous deploy's tree on gh-pages as a new commit (history is never rewritten).",
                      "help": {
                        "command": "git push --help",
                        "example": {
                          "options": {
                            "dryRun": false,
                          },
                        },
                      },
                      "technologies": [
                        "github-pages",
                        "git",
                      ],
                    },
                    "options": {
                      "branch": "gh-pages",
                      "buildDir": "{projectRoot}/build",
                      "cname": "atlas.example.no",
                      "remote": "origin",
                      "rollback": true,
                    },
                  },
                },
              },
            },
          },
        ],
      ]
    `);
  });

  it('ignores a pages.json that does not sit in a project', async () => {
    write('docs/pages.json', { buildDir: 'build' });
    expect(await infer(['docs/pages.json'])).toEqual([['docs/pages.json', {}]]);
  });

  it('explains a pages.json without buildDir or with unknown keys', async () => {
    write('apps/site/project.json', { name: 'site' });
    write('apps/site/pages.json', { branch: 'gh-pages' });
    expect(await inferenceError(['apps/site/pages.json'])).toMatch(
      /pages\.json needs "buildDir": the folder of the built site/,
    );
    write('apps/site/pages.json', { buildDir: 'build', domain: 'x' });
    expect(await inferenceError(['apps/site/pages.json'])).toMatch(
      /unknown key\(s\) domain: allowed are buildDir, branch, remote, cname, defaultBranch, smokePaths\.$/,
    );
    write('apps/site/pages.json', { buildDir: 'build', smokePaths: '/api' });
    expect(await inferenceError(['apps/site/pages.json'])).toMatch(/smokePaths must be a list of site paths/);
  });
});
