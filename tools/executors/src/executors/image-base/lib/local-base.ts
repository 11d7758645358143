import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registerCleanup, runProcess } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { containersEnv, storeRoots, type StorageDriver } from '../../../utils/containers/containers-env.js';
import { requireTool, runTool } from '../../../utils/host-tools.js';

export interface LocalBaseOptions {
  /** Name of the image made, in the local image store. */
  image: string;
  /** Debian suite of the base (bookworm: Python 3.11, the same libc as the Node 20 binary). */
  suite: string;
  mirror: string;
  driver: StorageDriver;
  /** Folder of the image store; default ATLAS_BUILDAH_ROOT, else the user's cache folder. */
  storageRoot?: string;
  log: (line: string) => void;
}

export const DEFAULT_BASE_IMAGE = 'localhost/atlas-base:bookworm-py311-node20';

/** Where Debian keeps locally added CA certificates (update-ca-certificates folds them into the bundle). */
const HOST_CA_DIR = '/usr/local/share/ca-certificates';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The npm package folder of the Node.js running this script (Debian/NodeSource: /usr/lib/node_modules/npm). */
function hostNpmDir(): string {
  const candidates = [
    join(dirname(process.execPath), '../lib/node_modules/npm'),
    join(dirname(process.execPath), '../node_modules/npm'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'bin/npm-cli.js')));
  if (!found)
    throw new ExecutorFailure(
      `No npm next to ${process.execPath}: install npm for this Node.js and run again.`,
    );
  return found;
}

/** Unmount whatever an interrupted debootstrap left mounted below a folder (proc, sys), deepest first. */
async function unmountBelow(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) await runProcess(['umount', '-l', point], { echo: false, timeoutMs: 30_000 });
}

/**
 * Make the base image the atlas-data Dockerfile builds on, without any image registry: a minimal
 * Debian root file system from the Debian mirror (debootstrap, with python3 and pip), this host's
 * Node.js 20 binary and npm under /usr/local (where the Dockerfile copies node from), imported into
 * the local image store. It stands in for both python:3.11-slim and node:20-bookworm-slim.
 */
export async function makeLocalBase(options: LocalBaseOptions): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20)
    throw new ExecutorFailure(
      `The image needs Node.js 20 and this is ${process.version}: run this with Node.js 20.`,
    );
  await requireTool('debootstrap');
  await requireTool('buildah');
  const npmDir = hostNpmDir();
  // Made before the work folder: if the store's folders cannot be created, nothing is left behind.
  const store = containersEnv({ ...storeRoots(options.storageRoot), driver: options.driver });
  const work = mkdtempSync(join(tmpdir(), 'atlas-base-'));
  const remove = async () => {
    await unmountBelow(work);
    rmSync(work, { recursive: true, force: true });
  };
  const unregister = registerCleanup(remove);
  try {
    const rootfs = join(work, 'rootfs');
    options.log(`debootstrap ${options.suite} (minbase + python3, pip) from ${options.mirror}...`);
    await runTool(
      [
        'debootstrap',
        '--variant=minbase',
        '--include=python3,python3-pip,ca-certificates',
        options.suite,
        rootfs,
        options.mirror,
      ],
      { what: 'Making the Debian root file system', timeoutMs: 900_000 },
    );
    options.log(`adding Node.js ${process.version} and npm from this host under /usr/local...`);
    mkdirSync(join(rootfs, 'usr/local/lib/node_modules'), { recursive: true });
    cpSync(process.execPath, join(rootfs, 'usr/local/bin/node'));
    cpSync(npmDir, join(rootfs, 'usr/local/lib/node_modules/npm'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(rootfs, 'usr/local/bin/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(rootfs, 'usr/local/bin/npx'));
    // Behind a TLS-inspecting proxy the registries are only reachable through this host's extra CAs:
    // the base trusts the same ones, and points Node, pip and uv at the system bundle.
    const extraCas = existsSync(HOST_CA_DIR)
      ? readdirSync(HOST_CA_DIR).filter((f) => f.endsWith('.crt'))
      : [];
    for (const file of extraCas)
      cpSync(join(HOST_CA_DIR, file), join(rootfs, 'usr/local/share/ca-certificates', file));
    if (extraCas.length) {
      options.log(`trusting this host's extra CA certificates: ${extraCas.join(', ')}`);
      await runTool(['chroot', rootfs, 'update-ca-certificates'], {
        what: 'Updating the CA bundle of the base',
      });
    }
    // python:3.11-slim lets `pip install` write to the system Python; Debian's marker forbids it.
    for (const marker of ['usr/lib/python3.11/EXTERNALLY-MANAGED']) {
      if (existsSync(join(rootfs, marker))) unlinkSync(join(rootfs, marker));
    }
    rmSync(join(rootfs, 'var/lib/apt/lists'), { recursive: true, force: true });
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    mkdirSync(join(rootfs, 'var/lib/apt/lists/partial'), { recursive: true });

    const archive = join(work, 'rootfs.tar');
    await runTool(['tar', '--numeric-owner', '-C', rootfs, '-cf', archive, '.'], {
      what: 'Packing the root file system',
    });
    options.log(`importing as ${options.image}...`);
    const container =
      (await runTool(['buildah', 'from', 'scratch'], { env: store.env, what: 'Starting the base image' }))
        .trim()
        .split('\n')
        .at(-1) ?? '';
    try {
      await runTool(['buildah', 'add', container, archive, '/'], {
        env: store.env,
        what: 'Adding the root file system',
        timeoutMs: 900_000,
      });
      await runTool(
        [
          'buildah',
          'config',
          '--env',
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          '--env',
          'LANG=C.UTF-8',
          '--env',
          `NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`,
          '--env',
          `SSL_CERT_FILE=${CA_BUNDLE}`,
          '--env',
          `PIP_CERT=${CA_BUNDLE}`,
          '--cmd',
          '["python3"]',
          '--label',
          `org.opencontainers.image.description=Debian ${options.suite} minbase, python3, Node.js ${process.version}`,
          container,
        ],
        { env: store.env, what: 'Configuring the base image' },
      );
      await runTool(['buildah', 'commit', '--rm', container, options.image], {
        env: store.env,
        what: 'Committing the base image',
        timeoutMs: 900_000,
      });
    } catch (error) {
      await runTool(['buildah', 'rm', container], {
        env: store.env,
        what: 'Removing the working container',
      }).catch(() => undefined);
      throw error;
    }
    options.log(`made ${options.image}.`);
  } finally {
    store.remove();
    await remove();
    unregister();
  }
}
