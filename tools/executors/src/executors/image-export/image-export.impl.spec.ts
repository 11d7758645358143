import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { ExecutorContext, NxJsonConfiguration, PluginConfiguration } from '@nx/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedNxEnv, nxArgv, runProcess, workspaceRoot } from '@atlas/runtime';
import { ensureGoTool } from '../../utils/go-tools.js';
import {
  captureOutput,
  executorContext,
  processesLeftAfter,
  processesMentioning,
  runExecutorByName,
  scratchWorkspace,
} from '../../testing/executor-harness.js';
import { startLocalRegistry, type LocalRegistry } from '../../testing/local-registry.js';
import { privateTempDir } from '../../testing/private-temp-dir.js';
import { git } from '../../utils/git/git.js';
import { RegistryClient } from '../../utils/registry/registry-client.js';
import { startContainerEngine } from '../../utils/containers/container-engine.js';

const IDENTITY = ['-c', 'user.name=Spec', '-c', 'user.email=spec@atlas.invalid'];

/** The repository's own nx.json: its @nx/docker entry and its release.docker are what is tested here. */
const repoNx = JSON.parse(readFileSync(join(workspaceRoot, 'nx.json'), 'utf8')) as NxJsonConfiguration;
const repoDocker = repoNx.plugins?.find(
  (p): p is Exclude<PluginConfiguration, string> => typeof p === 'object' && p.plugin === '@nx/docker',
);

/** The file names in the layers of an OCI archive (gzip layers, as image-export writes them). */
async function archiveFiles(archive: string, scratch: string): Promise<string[]> {
  const dir = join(scratch, `unpacked-${Date.now()}`);
  mkdirSync(dir);
  try {
    expect((await runProcess(['tar', '-xf', archive, '-C', dir], { echo: false })).exitCode).toBe(0);
    const blob = (digest: string) => join(dir, 'blobs', ...digest.split(':'));
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    const manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as {
      layers: { digest: string }[];
    };
    const files: string[] = [];
    for (const layer of manifest.layers) {
      const listed = await runProcess(['tar', '-tzf', blob(layer.digest)], { echo: false });
      files.push(...listed.output.split('\n').filter((l) => l && !l.endsWith('/')));
    }
    return files.sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the image through @nx/docker's docker:build on a podman engine, published through our checks", () => {
  const scratch = scratchWorkspace('atlas-docker-spec-');
  const workspace = join(scratch.root, 'workspace');
  const store = join(scratch.root, 'store');
  const privateTmp = privateTempDir('atlas-docker-tmp-');
  let registry: LocalRegistry;
  let repository: string;
  let nxJson: NxJsonConfiguration;
  // The temp folder of the nx runs: Nx keeps its TypeScript compile cache there (swc-node-*), and
  // everything else the tasks made there (the engine's config and state) must be gone.
  const nxTmp = join(scratch.root, 'nx-tmp');
  const leftInNxTmp = () => readdirSync(nxTmp).filter((name) => !name.startsWith('swc-node'));
  // Colours off: under CI=true Nx colours the command lines it prints.
  const nx = async (args: string[]) => {
    const result = await runProcess(nxArgv(args), {
      cwd: workspace,
      echo: false,
      env: isolatedNxEnv(join(scratch.root, 'nx-state'), { DOCKER_HOST: undefined, TMPDIR: nxTmp }),
      timeoutMs: 600_000,
    });
    return { ...result, output: stripVTControlCharacters(result.output) };
  };
  const context = (): ExecutorContext => ({
    ...executorContext(workspace, 'app', 'apps/app'),
    nxJsonConfiguration: nxJson,
  });
  const write = (path: string, content: string) => {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), content);
  };
  const failure = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('image-publish: '));

  beforeAll(async () => {
    // The secret scan's gitleaks: the real workspace's pinned build (made once, ~40 s cold).
    await ensureGoTool(workspaceRoot, 'gitleaks');
    privateTmp.enter();
    mkdirSync(nxTmp);
    registry = await startLocalRegistry();
    repository = `${registry.host}/helpers-no/app`;
    if (!repoDocker) throw new Error('nx.json registers no @nx/docker plugin');
    nxJson = {
      plugins: [
        { ...repoDocker, include: ['apps/app/Dockerfile'] },
        join(workspaceRoot, 'tools/executors/src/plugins/plugin.ts'),
      ],
      release: repoNx.release,
    };
    write('nx.json', `${JSON.stringify(nxJson, null, 2)}\n`);
    write('package.json', '{ "name": "ws", "private": true }\n');
    // Nx compiles a .ts plugin with the workspace's root tsconfig: the repository's settings.
    write('tsconfig.base.json', readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
    write('project.json', '{ "name": "atlas" }\n');
    write('.gitignore', 'node_modules\ntmp\ndist\n');
    write('uv.lock', 'version = 1\n\n[[package]]\nname = "dagster"\nversion = "1.13.27"\n');
    // The project's own options: a private vfs store for the engine (nothing of the machine's).
    write(
      'apps/app/project.json',
      `${JSON.stringify({ name: 'app', targets: { 'container-engine': { options: { storageDriver: 'vfs', storageRoot: store } } } })}\n`,
    );
    write('apps/app/image.json', `${JSON.stringify({ repository, channel: 'prod' })}\n`);
    write(
      'apps/app/pyproject.toml',
      '[project]\nname = "app"\nversion = "0.1.0"\n\n[tool.atlas.code-location]\nmodule = "app.definitions"\n',
    );
    write('apps/app/hello.txt', 'hello\n');
    write('apps/app/Dockerfile', 'FROM scratch\nCOPY apps/app/ /app/\n');
    write('.dockerignore', '*\n!apps/app\napps/app/secret.env\n');
    // Untracked and ignored by the image: the ignore file must keep it out of the build context.
    write('apps/app/secret.env', 'never in the image\n');
    symlinkSync(join(workspaceRoot, 'node_modules'), join(workspace, 'node_modules'));
    await git(['init', '-q', '-b', 'main', workspace]);
    await git(['add', '-A', '.', ':(exclude)apps/app/secret.env'], { cwd: workspace });
    await git([...IDENTITY, 'commit', '-q', '-m', 'app 0.1.0'], { cwd: workspace });
  }, 900_000);

  afterAll(async () => {
    const started = registry as LocalRegistry | undefined;
    await started?.stop();
    scratch.remove();
    expect(processesMentioning(scratch.root)).toEqual([]);
    // Engine configs and state, the exports' scratch, the registry: all removed.
    expect(privateTmp.leave()).toEqual([]);
  });

  it("layers the engine, the exact inputs and the export on @nx/docker's inferred targets", async () => {
    const shown = await nx(['show', 'project', 'app', '--json']);
    expect(shown.exitCode, shown.output).toBe(0);
    const targets = (
      JSON.parse(shown.output.slice(shown.output.indexOf('{'))) as {
        targets: Record<
          string,
          {
            command?: string;
            executor?: string;
            options?: Record<string, unknown>;
            dependsOn?: unknown[];
            continuous?: boolean;
          }
        >;
      }
    ).targets;
    expect(targets['docker:build']).toMatchObject({
      dependsOn: ['container-engine', 'container-engine-ready'],
      options: {
        command: 'docker build .',
        cwd: '.',
        args: ['--tag apps-app', '--file apps/app/Dockerfile', '--force-rm'],
        env: { DOCKER_HOST: 'unix://tmp/apps/app/engine.sock' },
      },
    });
    expect(targets['docker:run']?.dependsOn).toEqual(['docker:build', 'container-engine']);
    expect(targets['container-engine']).toMatchObject({ continuous: true });
    expect(targets['image']).toMatchObject({
      executor: '@atlas/executors:image-export',
      dependsOn: ['docker:build', 'container-engine'],
      options: { image: 'apps-app' },
    });
  });

  it('nx run app:image builds with the docker CLI against a podman service it brings up, exports the archive, and leaves nothing running', async () => {
    const run = await nx(['run', 'app:image']);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain('> docker build . --tag apps-app --file apps/app/Dockerfile --force-rm');
    expect(run.output).toMatch(/container-engine: podman [\d.]+ \(Docker API [\d.]+\) serving the vfs store/);
    expect(run.output).toMatch(
      /image-export: apps-app from podman [\d.]+ \(Docker API [\d.]+\)'s vfs store written to dist\/apps\/app\/image\.oci\.tar/,
    );
    const archive = join(workspace, 'dist/apps/app/image.oci.tar');
    const files = await archiveFiles(archive, scratch.root);
    expect(files).toContain('app/hello.txt');
    expect(files.some((f) => f.includes('secret.env'))).toBe(false);
    // The engine is gone: no service, no watchdog, no state, no link. The watchdog finishes outside
    // the run's process tree, and Nx's plugin workers end after it returns: each gets its time.
    expect(await processesLeftAfter(store)).toEqual([]);
    expect(await processesLeftAfter(nxTmp)).toEqual([]);
    expect(leftInNxTmp()).toEqual([]);
    expect(() => lstatSync(join(workspace, 'tmp/apps/app/engine.sock'))).toThrow();
  });

  it("exports the same image through the Docker API, the way it reads a Docker engine's", async () => {
    const engine = await startContainerEngine({
      workspaceRoot: workspace,
      socket: 'tmp/apps/app/engine.sock',
      engine: 'podman',
      dockerHost: 'unix:///nonexistent/docker.sock',
      graphRoot: join(store, 'storage'),
      runRoot: join(store, 'run'),
      driver: 'vfs',
      log: () => undefined,
    });
    try {
      const viaApi = await captureOutput(() =>
        runExecutorByName(
          'image-export',
          { image: 'apps-app', readStore: false, output: 'dist/apps/app/via-api.oci.tar' },
          context(),
        ),
      );
      expect(viaApi.stderr).toBe('');
      expect(viaApi.stdout).toMatch(
        /^image-export: apps-app from podman [\d.]+ \(Docker API [\d.]+\) written to/,
      );
    } finally {
      await engine.stop();
    }
    const config = async (archive: string) =>
      (
        JSON.parse(
          (await runProcess(['skopeo', 'inspect', '--raw', `oci-archive:${archive}`], { echo: false }))
            .output,
        ) as {
          config: { digest: string };
        }
      ).config.digest;
    const direct = join(workspace, 'dist/apps/app/image.oci.tar');
    const api = join(workspace, 'dist/apps/app/via-api.oci.tar');
    expect(await config(api)).toBe(await config(direct));
    expect(await archiveFiles(api, scratch.root)).toEqual(await archiveFiles(direct, scratch.root));
    rmSync(api);
  });

  it("publishes it as the version schemes' sha-<commit> and v<version>, refusing the same release again", async () => {
    const client = new RegistryClient({ registry: registry.host, insecure: true });
    const head = await git(['rev-parse', 'HEAD'], { cwd: workspace });
    const publish = () =>
      captureOutput(() =>
        runExecutorByName('image-publish', { repository, insecureRegistry: true, smoke: false }, context()),
      );
    const first = await publish();
    expect(first.stderr).toBe('');
    expect(first.result).toEqual({ success: true });
    const digest = await client.manifestDigest('helpers-no/app', `sha-${head.slice(0, 7)}`);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await client.manifestDigest('helpers-no/app', 'v0.1.0')).toBe(digest);
    expect(first.stdout).toContain(`published dist/apps/app/image.oci.tar (${digest})`);
    const records = JSON.parse(readFileSync(join(workspace, 'deploy/app/releases.json'), 'utf8')) as {
      releases: { tags: string[]; digest: string }[];
    };
    expect(records.releases).toEqual([
      expect.objectContaining({ tags: [`sha-${head.slice(0, 7)}`, 'v0.1.0'], digest }),
    ]);
    expect(readFileSync(join(workspace, 'deploy/app/values-prod.yaml'), 'utf8')).toContain(
      `tag: sha-${head.slice(0, 7)}@${digest}`,
    );

    const again = await publish();
    expect(failure(again.stderr)).toEqual([
      expect.stringMatching(
        /^image-publish: Release 0\.1\.0 \(sha-[0-9a-f]{7}, v0\.1\.0\) is already recorded/,
      ),
    ]);
    rmSync(join(workspace, 'deploy'), { recursive: true });
    const blind = await publish();
    expect(failure(blind.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^image-publish: The tag ${repository}:sha-[0-9a-f]{7} already exists \\(${digest}\\): published images are never overwritten`,
        ),
      ),
    ]);
    expect(existsSync(join(workspace, 'deploy/app/releases.json'))).toBe(false);
  });
});
