import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export type StorageDriver = 'overlay' | 'vfs';

export interface ContainersEnvOptions {
  /** Folder of the image store (layers, images). Kept between builds for the layer cache. */
  graphRoot: string;
  /** Folder of the run-time state; kept short (long paths stall container tools). */
  runRoot: string;
  driver: StorageDriver;
  /** host:port of registries reached over plain http (loopback test registries). */
  insecureRegistries?: string[];
  /**
   * For a podman API service: its own state (container database, locks, events, volumes, network
   * configs) in this environment's folder too, so only the image store is shared, and default
   * ulimits that `podman run` can set here.
   */
  service?: boolean;
}

export interface ContainersEnv {
  /** The folder holding the configuration files (and a service's state). */
  dir: string;
  /** Variables that point buildah and skopeo at this environment's own configuration files. */
  env: Record<string, string>;
  /** Remove the configuration files (never the image store). */
  remove(): void;
}

/** Where the persistent image store lives: ATLAS_BUILDAH_ROOT, else the user's cache folder. */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env): {
  graphRoot: string;
  runRoot: string;
} {
  const base =
    env['ATLAS_BUILDAH_ROOT'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'atlas-buildah');
  const uid = process.getuid?.() ?? 0;
  return { graphRoot: join(base, 'storage'), runRoot: join(tmpdir(), `atlas-buildah-run-${uid}`) };
}

/** Where the image store of a build lives: the storageRoot option, else the shared cache folder. */
export function storeRoots(storageRoot: string | undefined): { graphRoot: string; runRoot: string } {
  return storageRoot
    ? { graphRoot: join(storageRoot, 'storage'), runRoot: join(storageRoot, 'run') }
    : defaultStoreRoot();
}

const quote = (value: string) => JSON.stringify(value);

/** The hard limit of open files of this process (root cannot raise it here, so containers get exactly it). */
function openFilesHardLimit(): string {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const hard = line?.trim().split(/\s+/)[4];
    if (hard && /^\d+$/.test(hard)) return hard;
  } catch {
    // Not Linux: podman does not run here anyway.
  }
  return '1048576';
}

/** containers.conf settings of a podman service whose state lives in `dir`. */
function serviceSettings(dir: string): { containers: string[]; engine: string[]; network: string[] } {
  const nofile = openFilesHardLimit();
  for (const sub of ['libpod', 'libpod-tmp', 'volumes', 'networks']) mkdirSync(join(dir, sub));
  return {
    containers: [`default_ulimits = [${quote(`nofile=${nofile}:${nofile}`)}, "nproc=32768:32768"]`],
    engine: [
      'events_logger = "file"',
      // File locks: the default shared-memory segment is one per machine and outlives the service.
      'lock_type = "file"',
      `static_dir = ${quote(join(dir, 'libpod'))}`,
      `tmp_dir = ${quote(join(dir, 'libpod-tmp'))}`,
      `volume_path = ${quote(join(dir, 'volumes'))}`,
    ],
    network: [`network_config_dir = ${quote(join(dir, 'networks'))}`],
  };
}

/**
 * Write storage.conf, registries.conf and containers.conf of our own into a fresh temp folder, so a
 * build, push or podman service never reads or changes the machine's container configuration.
 * Settings that make buildah and podman work in a container: runc with cgroupfs (crun 1.8 refuses
 * this host's hybrid cgroups), host network, chroot isolation (buildah: passed on the command line).
 */
export function containersEnv(options: ContainersEnvOptions): ContainersEnv {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-containers-'));
  mkdirSync(options.graphRoot, { recursive: true });
  mkdirSync(options.runRoot, { recursive: true });
  const storage = join(dir, 'storage.conf');
  writeFileSync(
    storage,
    [
      '[storage]',
      `driver = ${quote(options.driver)}`,
      `graphroot = ${quote(options.graphRoot)}`,
      `runroot = ${quote(options.runRoot)}`,
      '',
    ].join('\n'),
  );
  const registries = join(dir, 'registries.conf');
  writeFileSync(
    registries,
    [
      'unqualified-search-registries = []',
      ...(options.insecureRegistries ?? []).flatMap((location) => [
        '',
        '[[registry]]',
        `location = ${quote(location)}`,
        'insecure = true',
      ]),
      '',
    ].join('\n'),
  );
  const containers = join(dir, 'containers.conf');
  const service = options.service ? serviceSettings(dir) : { containers: [], engine: [], network: [] };
  writeFileSync(
    containers,
    [
      '[containers]',
      'netns = "host"',
      ...service.containers,
      '',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      ...service.engine,
      '',
      ...(service.network.length ? ['[network]', ...service.network, ''] : []),
    ].join('\n'),
  );
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  return {
    dir,
    env: {
      CONTAINERS_STORAGE_CONF: storage,
      CONTAINERS_REGISTRIES_CONF: registries,
      CONTAINERS_CONF: containers,
      TMPDIR: tmp,
      BUILDAH_ISOLATION: 'chroot',
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
