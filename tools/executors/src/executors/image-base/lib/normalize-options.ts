import { ExecutorFailure } from '../../../utils/executor-failure.js';
import type { StorageDriver } from '../../../utils/containers/containers-env.js';
import type { ImageBaseExecutorSchema } from '../schema.js';
import { DEFAULT_BASE_IMAGE } from './local-base.js';

export interface NormalizedImageBaseOptions {
  image: string;
  suite: string;
  mirror: string;
  driver: StorageDriver;
  storageRoot?: string;
}

const DRIVERS: readonly string[] = ['overlay', 'vfs'] satisfies StorageDriver[];
// Passed to debootstrap as an argument: a plain suite name, never something it could read as an option.
const SUITE = /^[a-z][a-z0-9-]*$/;
// Also an argument (buildah commit): no leading '-', no spaces; buildah judges the rest.
const IMAGE = /^[a-z0-9]\S*$/;

/** Options with their defaults, checked before anything is started: one line per bad value. */
export function normalizeOptions(
  options: ImageBaseExecutorSchema,
  env: NodeJS.ProcessEnv = process.env,
): NormalizedImageBaseOptions {
  const driver: string = options.storageDriver ?? 'overlay';
  if (!DRIVERS.includes(driver))
    throw new ExecutorFailure(
      `--driver (storageDriver) must be overlay or vfs, not "${driver}": use the driver image-build uses (vfs where the kernel has no overlayfs).`,
    );
  const suite = options.suite ?? 'bookworm';
  if (!SUITE.test(suite))
    throw new ExecutorFailure(`--suite "${suite}" is not a Debian suite name: use e.g. bookworm.`);
  const image = options.image ?? DEFAULT_BASE_IMAGE;
  if (!IMAGE.test(image))
    throw new ExecutorFailure(
      `--image "${image}" is not an image name: use a name like ${DEFAULT_BASE_IMAGE}.`,
    );
  const mirror = options.mirror || env['ATLAS_DEBIAN_MIRROR'] || 'http://deb.debian.org/debian';
  let protocol = '';
  try {
    protocol = new URL(mirror).protocol;
  } catch {
    // Reported below with the other non-http values.
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ExecutorFailure(
      `--mirror "${mirror}" is not an http(s) URL: pass a Debian mirror such as http://deb.debian.org/debian (or set ATLAS_DEBIAN_MIRROR).`,
    );
  return { image, suite, mirror, driver: driver as StorageDriver, storageRoot: options.storageRoot };
}
