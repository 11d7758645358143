import { existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, spawnSupervised, workspaceRoot } from '@atlas/runtime';
import {
  captureOutput,
  executorContext,
  processesMentioning,
  runExecutorByName,
  scratchWorkspace,
} from '../../testing/executor-harness.js';
import { privateTempDir } from '../../testing/private-temp-dir.js';
import { containersEnv } from '../../utils/containers/containers-env.js';
import { startContainerEngine, type RunningEngine } from '../../utils/containers/container-engine.js';
import { engineVersion } from '../../utils/containers/engine-api.js';

/** A program that sleeps for an hour, built static, so a FROM scratch image has something to run. */
const SLEEPER = 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Hour) }\n';

describe('container-engine: podman where no Docker engine answers, Docker where one does', () => {
  const scratch = scratchWorkspace('atlas-engine-spec-');
  const workspace = join(scratch.root, 'workspace');
  const store = join(scratch.root, 'store');
  const privateTmp = privateTempDir('atlas-engine-tmp-');
  const nowhere = `unix://${join(scratch.root, 'no-docker.sock')}`;
  const start = (socket: string, overrides: Partial<Parameters<typeof startContainerEngine>[0]> = {}) =>
    startContainerEngine({
      workspaceRoot: workspace,
      socket,
      engine: 'auto',
      dockerHost: nowhere,
      graphRoot: join(store, 'storage'),
      runRoot: join(store, 'run'),
      driver: 'vfs',
      log: () => undefined,
      ...overrides,
    });
  const docker = (socket: string, args: string[]) =>
    runProcess(['docker', ...args], {
      cwd: workspace,
      echo: false,
      env: { DOCKER_HOST: `unix://${join(workspace, socket)}` },
      timeoutMs: 300_000,
    });
  const storageContainers = async () => {
    const env = containersEnv({
      graphRoot: join(store, 'storage'),
      runRoot: join(store, 'run'),
      driver: 'vfs',
    });
    try {
      const listed = await runProcess(['buildah', 'containers', '--all', '--quiet'], {
        env: env.env,
        echo: false,
      });
      return listed.output.trim();
    } finally {
      env.remove();
    }
  };
  const started: RunningEngine[] = [];

  beforeAll(async () => {
    privateTmp.enter();
    mkdirSync(join(workspace, 'sleeper'), { recursive: true });
    writeFileSync(join(workspace, 'sleeper/main.go'), SLEEPER);
    writeFileSync(
      join(workspace, 'sleeper/Dockerfile'),
      'FROM scratch\nCOPY sleeper /sleeper\nENTRYPOINT ["/sleeper"]\n',
    );
    const built = await runProcess(['go', 'build', '-o', 'sleeper', 'main.go'], {
      cwd: join(workspace, 'sleeper'),
      echo: false,
      env: { CGO_ENABLED: '0', GOFLAGS: '-trimpath' },
      timeoutMs: 300_000,
    });
    expect(built.exitCode, built.output).toBe(0);
  }, 600_000);

  afterAll(async () => {
    for (const engine of started) await engine.stop();
    scratch.remove();
    // Service configs and state, the watchdogs' folders, podman's temp files: all removed.
    expect(privateTmp.leave()).toEqual([]);
  });

  it('serves a podman service behind the link; the docker CLI builds and runs through it; stopping removes the service, its running container and its state', async () => {
    const engine = await start('tmp/apps/sleeper/engine.sock');
    started.push(engine);
    expect(engine.kind).toBe('podman');
    expect(engine.version.name).toBe('podman');
    const link = join(workspace, 'tmp/apps/sleeper/engine.sock');
    expect(readlinkSync(link)).toBe(engine.endpoint);

    const build = await docker('tmp/apps/sleeper/engine.sock', [
      'build',
      '--force-rm',
      '--tag',
      'sleeper',
      'sleeper',
    ]);
    expect(build.exitCode, build.output).toBe(0);
    const run = await docker('tmp/apps/sleeper/engine.sock', [
      'run',
      '--detach',
      '--name',
      'left-running',
      'sleeper',
    ]);
    expect(run.exitCode, run.output).toBe(0);
    const ps = await docker('tmp/apps/sleeper/engine.sock', ['ps', '--format', '{{.Names}} {{.Status}}']);
    expect(ps.output).toMatch(/^left-running Up/m);
    // conmon and the container's process run outside the service, under the scratch store.
    expect(processesMentioning(store).length).toBeGreaterThan(0);

    await engine.stop();
    started.pop();
    expect(existsSync(link)).toBe(false);
    expect(existsSync(dirname(engine.endpoint))).toBe(false);
    expect(processesMentioning(scratch.root)).toEqual([]);
    expect(processesMentioning(dirname(engine.endpoint))).toEqual([]);
    expect(await storageContainers()).toBe('');
  });

  it('only links a Docker engine that answers at DOCKER_HOST, and refuses a link another engine holds', async () => {
    // A podman service speaks the Docker API: as far as the second engine can tell, it is Docker.
    const podman = await start('tmp/a/engine.sock');
    started.push(podman);
    const docker = await start('tmp/b/engine.sock', { dockerHost: `unix://${podman.endpoint}` });
    expect(docker.kind).toBe('docker');
    expect(readlinkSync(join(workspace, 'tmp/b/engine.sock'))).toBe(podman.endpoint);
    await expect(start('tmp/a/engine.sock')).rejects.toThrow(
      /^tmp\/a\/engine\.sock already leads to a running podman 4\.\d+\.\d+ \(Docker API [\d.]+\) \(another run's container-engine\)/,
    );
    await docker.stop();
    expect(existsSync(join(workspace, 'tmp/b/engine.sock'))).toBe(false);
    expect(await engineVersion(podman.endpoint)).toBeDefined();
    await expect(start('tmp/c/engine.sock', { engine: 'docker' })).rejects.toThrow(
      `No Docker engine answers at ${nowhere}: start it, or run with --engine=auto (podman where there is none).`,
    );
    await expect(start('tmp/c/engine.sock', { dockerHost: 'tcp://127.0.0.1:2375' })).rejects.toThrow(
      /^DOCKER_HOST=tcp:\/\/127\.0\.0\.1:2375 is not a unix socket/,
    );
    await podman.stop();
    started.pop();
  });

  it('leaves nothing behind when the process that serves it is killed with SIGKILL', async () => {
    const holder = spawnSupervised(
      [
        process.execPath,
        '--import',
        'tsx',
        join(workspaceRoot, 'tools/executors/src/testing/fixtures/hold-container-engine.ts'),
        workspace,
        'tmp/held/engine.sock',
        store,
      ],
      // tsx's transform cache would be the one thing left in the private temp folder.
      { echo: false, cwd: workspaceRoot, env: { TSX_DISABLE_CACHE: '1' } },
    );
    const deadline = Date.now() + 60_000;
    let endpoint: string | undefined;
    while (!(endpoint = /ENDPOINT (\S+)/.exec(holder.tail())?.[1])) {
      if (Date.now() > deadline) {
        await holder.stop();
        throw new Error(`the engine holder did not report its engine: ${holder.tail()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await engineVersion(endpoint)).toBeDefined();
    holder.child.kill('SIGKILL');
    await holder.exited;
    // The service is in the holder's process group (spawnSupervised); the watchdog is not: it stops
    // the service, removes the link and the state folder, and exits.
    const folder = dirname(endpoint);
    const gone = Date.now() + 60_000;
    while ((existsSync(folder) || processesMentioning(folder).length > 0) && Date.now() < gone)
      await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(dirname(endpoint))).toBe(false);
    expect(() => lstatSync(join(workspace, 'tmp/held/engine.sock'))).toThrow();
    expect(processesMentioning(dirname(endpoint))).toEqual([]);
  });

  it('container-engine-ready waits for the engine, and fails at once with the reason the engine left', async () => {
    const context = executorContext(workspace, 'app', 'apps/app');
    const engine = await start('tmp/apps/app/engine.sock');
    started.push(engine);
    const ready = await captureOutput(() => runExecutorByName('container-engine-ready', {}, context));
    expect(ready.result).toEqual({ success: true });
    expect(ready.stdout).toMatch(
      /^container-engine-ready: podman [\d.]+ \(Docker API [\d.]+\) answers at tmp\/apps\/app\/engine\.sock/,
    );
    await engine.stop();
    started.pop();

    writeFileSync(
      join(workspace, 'tmp/apps/app/engine.sock.failed'),
      'podman is not installed here: install it.',
    );
    const failed = await captureOutput(() => runExecutorByName('container-engine-ready', {}, context));
    expect(failed.result).toEqual({ success: false });
    expect(failed.stderr).toBe(
      'container-engine-ready: The container engine did not start: podman is not installed here: install it.\n',
    );
  });
});
