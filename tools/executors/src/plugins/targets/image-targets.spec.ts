import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inferImage } from './image-targets.js';

const FILES: Record<string, string> = {
  Dockerfile: 'ARG BASE_IMAGE=python:3.11-slim\nFROM ${BASE_IMAGE}\nCOPY libs/lib /app/lib\n',
  'image.json': JSON.stringify({
    repository: 'ghcr.io/org/img',
    channel: 'prod',
    localBase: { image: 'localhost/base:1', buildArgs: ['BASE_IMAGE'] },
  }),
};

const scan: ProjectScan = {
  root: 'apps/img',
  name: 'img',
  manifest: undefined,
  npm: { external: [], workspace: [] },
  files: Object.keys(FILES).map((f) => `apps/img/${f}`),
  has: (path) => path in FILES,
  read: (path) => FILES[path] as string,
};
const workspaceRoot = mkdtempSync(join(tmpdir(), 'atlas-image-targets-'));
writeFileSync(join(workspaceRoot, '.dockerignore'), '*\n!libs/lib\n**/.env\n');
const facts: WorkspaceFacts = {
  workspaceRoot,
  packages: new Map(),
  lock: undefined,
  projectRoots: ['apps/img'],
  projectNames: new Map([['apps/img', 'img']]),
  executorPackage: '@atlas/executors',
};

describe("the image targets, layered on @nx/docker's", () => {
  const { targets, groups } = inferImage(scan, facts);
  afterAll(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  it("puts docker:build on the project's engine, with the local base and exact inputs, keeping @nx/docker's args", () => {
    expect(targets['docker:build']).toMatchObject({
      cache: false,
      dependsOn: ['container-engine', 'container-engine-ready'],
      options: {
        env: { DOCKER_HOST: 'unix://tmp/apps/img/engine.sock' },
        // '...' keeps @nx/docker's args (--tag, and nx.json's --file) ahead of ours when Nx merges.
        args: ['...', '--build-arg BASE_IMAGE=localhost/base:1'],
      },
    });
    expect(targets['docker:build']?.inputs).toEqual([
      '{projectRoot}/Dockerfile',
      '{workspaceRoot}/.dockerignore',
      '{workspaceRoot}/libs/lib',
      '{workspaceRoot}/libs/lib/**/*',
      '!{workspaceRoot}/**/.env',
      '!{workspaceRoot}/**/.env/**/*',
    ]);
    expect(targets['docker:run']).toMatchObject({
      dependsOn: ['...', 'container-engine'],
      options: { env: { DOCKER_HOST: 'unix://tmp/apps/img/engine.sock' } },
    });
  });

  it('brings the engine up for exactly the targets that talk to it, and exports the image from it', () => {
    expect(targets['container-engine']).toMatchObject({
      executor: '@atlas/executors:container-engine',
      continuous: true,
      cache: false,
    });
    expect(targets['container-engine-ready']?.dependsOn).toEqual(['container-engine']);
    expect(targets['image']).toMatchObject({
      executor: '@atlas/executors:image-export',
      cache: true,
      dependsOn: ['docker:build', 'container-engine'],
      outputs: ['{workspaceRoot}/dist/{projectRoot}/image.oci.tar'],
      options: { image: 'apps-img' },
    });
    expect(targets['image-check']?.dependsOn).toContain('image');
    expect(targets['deploy']?.dependsOn).toEqual(expect.arrayContaining(['image-check', 'scan']));
    expect(groups?.['Image']).toEqual([
      'image-base',
      'container-engine',
      'container-engine-ready',
      'image',
      'image-check',
      'scan',
      'deploy',
      'rollback',
      'preflight',
    ]);
    for (const [name, target] of Object.entries(targets))
      expect(target.metadata?.['description'], name).toMatch(/\w/);
  });

  it('refuses an ignore file beside the Dockerfile, which the classic builder would not read', () => {
    const beside = { ...scan, has: (path: string) => path === 'Dockerfile.dockerignore' || path in FILES };
    expect(() => inferImage(beside, facts)).toThrow(
      /^apps\/img\/Dockerfile\.dockerignore: the image is built from the workspace root, whose \.dockerignore every builder reads/,
    );
  });
});
