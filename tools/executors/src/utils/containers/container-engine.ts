import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { spawnSupervised } from '@atlas/runtime';
import { ExecutorFailure } from '../executor-failure.js';
import { lastWords, requireTool } from '../host-tools.js';
import { containersEnv, type StorageDriver } from './containers-env.js';
import { describeEngine, engineVersion, unixSocketOf, type EngineVersion } from './engine-api.js';

export type EngineChoice = 'auto' | 'docker' | 'podman';

export interface ContainerEngineOptions {
  workspaceRoot: string;
  /**
   * The project's engine socket (workspace-relative): a link to the engine's own socket, which the
   * docker CLI of the project's targets reaches through DOCKER_HOST=unix://<socket>.
   */
  socket: string;
  /** auto: a Docker engine where one answers, else a podman service. */
  engine: EngineChoice;
  /** Where a Docker engine is looked for (a DOCKER_HOST value). */
  dockerHost: string;
  /** The image store a podman service builds into (shared with buildah: the layer cache and the local base). */
  graphRoot: string;
  runRoot: string;
  driver: StorageDriver;
  log: (line: string) => void;
  /** How long a podman service may take to answer. */
  startTimeoutMs?: number;
}

export interface RunningEngine {
  kind: 'docker' | 'podman';
  version: EngineVersion;
  /** The socket the link points at. */
  endpoint: string;
  /**
   * Resolves when the engine goes away while linked (a podman service that exited): whether it was
   * told to stop (a termination signal; Nx signals a continuous task's whole process tree) and why.
   */
  lost: Promise<{ stopped: boolean; reason: string }>;
  /** Remove the link; for podman also stop the service, remove its containers and its state folder. */
  stop(): Promise<void>;
}

/**
 * Where a container-engine run that failed leaves its one-line reason, beside the socket, so the
 * ready gate (which runs at the same time) fails with it at once instead of waiting out its timeout.
 */
export const failureNote = (link: string): string => `${link}.failed`;

/** Longest unix socket path the kernel takes (sun_path is 108 bytes with its terminating NUL). */
const MAX_SOCKET_PATH = 107;
/** Signals that mean "stop" (podman exits 0, or 128 + the signal, when it handles one). */
const STOP_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Make room for the link: refuse when an engine already answers there, remove a stale one. */
async function claimLink(link: string, shown: string): Promise<void> {
  let present = false;
  try {
    lstatSync(link);
    present = true;
  } catch {
    // nothing there
  }
  if (!present) return;
  const answering = await engineVersion(link, 1000);
  if (answering)
    throw new ExecutorFailure(
      `${shown} already leads to a running ${describeEngine(answering)} (another run's container-engine): let that run finish, or stop it, then run again.`,
    );
  rmSync(link, { force: true });
}

function linkTo(target: string, link: string): void {
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link);
}

/** Remove the link if it still points at our engine (another run may have taken the path over). */
function unlinkIfOurs(link: string, target: string): void {
  try {
    if (readlinkSync(link) === target) rmSync(link, { force: true });
  } catch {
    // already gone
  }
}

function useDocker(link: string, endpoint: string, version: EngineVersion): RunningEngine {
  linkTo(endpoint, link);
  return {
    kind: 'docker',
    version,
    endpoint,
    lost: new Promise(() => {
      // Never: a Docker engine is not ours, and it outlives this run.
    }),
    stop: async () => unlinkIfOurs(link, endpoint),
  };
}

/**
 * What removes a podman service and everything it made, run outside this process's tree: Nx stops a
 * continuous task by signalling its process tree leaves first (the service, then this process, then
 * anything this process starts to clean up), and can end with SIGKILL. The watchdog waits for this
 * process to exit or to ask for it (the stop file), then stops the service, removes its containers
 * (its own container database: no other run's), the link if it is still ours, and the state folder.
 */
const WATCHDOG = `
owner=$1 group=$2 dir=$3 link=$4 endpoint=$5
trap '' INT TERM HUP
echo $$ > "$dir/watchdog.pid"
while [ ! -e "$dir/stop" ] && kill -0 "$owner" 2>/dev/null; do sleep 0.2; done
kill -TERM "-$group" 2>/dev/null
i=0
while kill -0 "-$group" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
kill -KILL "-$group" 2>/dev/null
# A container holds a lock file (lock_type "file") until it is removed: none, nothing to remove.
if [ -n "$(ls -A "$dir/libpod-tmp/locks" 2>/dev/null)" ]; then podman rm --all --force --time 0 >/dev/null 2>&1; fi
[ "$(readlink "$link" 2>/dev/null)" = "$endpoint" ] && rm -f "$link"
cd / && rm -rf "$dir"
`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Start the watchdog (setsid -f: its own session, a child of init); release() has it clean up now. */
async function startWatchdog(
  store: { dir: string; env: Record<string, string> },
  servicePid: number,
  link: string,
  endpoint: string,
): Promise<{ release(): Promise<void> }> {
  const pidFile = join(store.dir, 'watchdog.pid');
  const launcher = spawn(
    'setsid',
    [
      '-f',
      'sh',
      '-c',
      WATCHDOG,
      'atlas-engine-watchdog',
      String(process.pid),
      String(servicePid),
      store.dir,
      link,
      endpoint,
    ],
    { env: { ...process.env, ...store.env }, stdio: 'ignore' },
  );
  await new Promise<void>((resolveLaunch) => {
    launcher.once('error', () => resolveLaunch());
    launcher.once('exit', () => resolveLaunch());
  });
  if (!(await waitUntil(() => existsSync(pidFile), 10_000)))
    throw new ExecutorFailure('The engine watchdog did not start (setsid, from util-linux, is needed).');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return {
    release: async () => {
      writeFileSync(join(store.dir, 'stop'), '');
      const cleaned = await waitUntil(() => !existsSync(store.dir), 120_000);
      await waitUntil(() => !alive(pid), 10_000);
      if (!cleaned)
        throw new ExecutorFailure(`The podman service's state folder ${store.dir} was not removed.`);
    },
  };
}

async function startPodman(options: ContainerEngineOptions, link: string): Promise<RunningEngine> {
  await requireTool('podman');
  await requireTool('runc');
  const store = containersEnv({
    graphRoot: options.graphRoot,
    runRoot: options.runRoot,
    driver: options.driver,
    service: true,
  });
  const endpoint = join(store.dir, 'podman.sock');
  if (endpoint.length > MAX_SOCKET_PATH) {
    store.remove();
    throw new ExecutorFailure(
      `The podman socket path ${endpoint} is longer than ${MAX_SOCKET_PATH} characters: set TMPDIR to a shorter folder.`,
    );
  }
  const service = spawnSupervised(['podman', 'system', 'service', '--time=0', `unix://${endpoint}`], {
    env: store.env,
    // Quiet: it narrates every image it hands out; its last words go into a failure's line.
    echo: false,
    killGraceMs: 10_000,
  });
  let serviceExited = false;
  void service.exited.then(() => {
    serviceExited = true;
  });
  let watchdog: { release(): Promise<void> };
  try {
    watchdog = await startWatchdog(store, service.pid, link, endpoint);
  } catch (error) {
    await service.stop();
    store.remove();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      unlinkIfOurs(link, endpoint);
      await service.stop();
      await watchdog.release();
    })());
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let version: EngineVersion | undefined;
  while (!(version = await engineVersion(endpoint, 1000))) {
    if (serviceExited || Date.now() > deadline) {
      const tail = service.tail();
      await stop();
      throw new ExecutorFailure(
        `podman system service ${serviceExited ? 'exited' : 'did not answer within the start timeout'}: ${lastWords(tail)}`,
      );
    }
    await sleep(100);
  }
  linkTo(endpoint, link);
  const lost = service.exited.then((result) => {
    const stopped =
      STOP_SIGNALS.has(result.signal ?? '') || [0, 129, 130, 143].includes(result.exitCode ?? -1);
    const how = result.signal ?? `exit code ${String(result.exitCode)}`;
    return { stopped, reason: `podman system service stopped (${how}): ${lastWords(result.output)}` };
  });
  return { kind: 'podman', version, endpoint, lost, stop };
}

/**
 * Bring up the engine the project's docker CLI targets talk to, behind the project's engine socket:
 * the Docker engine of `dockerHost` when one answers there (GitHub's runners), else a podman API
 * service with its own configuration and state (this kind of machine has no Docker engine).
 */
export async function startContainerEngine(options: ContainerEngineOptions): Promise<RunningEngine> {
  const link = resolve(options.workspaceRoot, options.socket);
  const shown = relative(options.workspaceRoot, link);
  if (isAbsolute(shown) || shown.startsWith('..'))
    throw new ExecutorFailure(`The engine socket ${options.socket} must lie inside the workspace.`);
  await claimLink(link, shown);

  if (options.engine !== 'podman') {
    const endpoint = unixSocketOf(options.dockerHost);
    if (!endpoint) {
      throw new ExecutorFailure(
        `DOCKER_HOST=${options.dockerHost} is not a unix socket, and the engine socket can only lead to one: unset DOCKER_HOST (a podman service is used where no Docker engine answers) or point it at a unix socket.`,
      );
    }
    const docker = existsSync(endpoint) ? await engineVersion(endpoint) : undefined;
    if (docker) {
      const engine = useDocker(link, endpoint, docker);
      options.log(`${describeEngine(docker)} at ${endpoint}, linked as ${shown}.`);
      return engine;
    }
    if (options.engine === 'docker')
      throw new ExecutorFailure(
        `No Docker engine answers at ${options.dockerHost}: start it, or run with --engine=auto (podman where there is none).`,
      );
  }
  const engine = await startPodman(options, link);
  options.log(
    `${describeEngine(engine.version)} serving the ${options.driver} store ${options.graphRoot}, linked as ${shown}` +
      `${options.engine === 'auto' ? ` (no Docker engine answers at ${options.dockerHost})` : ''}.`,
  );
  return engine;
}
