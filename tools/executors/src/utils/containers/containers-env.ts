import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
}

export interface ContainersEnv {
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

/**
 * Write storage.conf, registries.conf and containers.conf of our own into a fresh temp folder, so a
 * build or push never reads or changes the machine's container configuration. Settings that make
 * buildah work in a container without a daemon: runc with cgroupfs, host network, chroot isolation
 * (passed on the command line).
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
  writeFileSync(
    containers,
    [
      '[containers]',
      'netns = "host"',
      '',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      '',
    ].join('\n'),
  );
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  return {
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
