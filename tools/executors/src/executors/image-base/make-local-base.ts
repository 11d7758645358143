/**
 * Make the local base image of the atlas-data build (see lib/local-base.ts):
 *   npx tsx tools/executors/src/executors/image-build/make-local-base.ts [--image <name>] [--suite bookworm]
 *     [--mirror <Debian mirror URL>] [--driver overlay|vfs]
 * (the target `atlas-data:image-base`). Needs root, debootstrap and buildah.
 */
import { parseArgs } from 'node:util';
import { describeFailure } from '../../utils/executor-failure.js';
import { DEFAULT_BASE_IMAGE, makeLocalBase } from './lib/local-base.js';

const { values } = parseArgs({
  options: {
    image: { type: 'string', default: DEFAULT_BASE_IMAGE },
    suite: { type: 'string', default: 'bookworm' },
    mirror: { type: 'string', default: process.env['ATLAS_DEBIAN_MIRROR'] || 'http://deb.debian.org/debian' },
    driver: { type: 'string', default: 'overlay' },
  },
});

try {
  if (values.driver !== 'overlay' && values.driver !== 'vfs')
    throw new Error(`--driver must be overlay or vfs, not "${values.driver}".`);
  const started = Date.now();
  await makeLocalBase({
    image: values.image,
    suite: values.suite,
    mirror: values.mirror,
    driver: values.driver,
    log: (line) => process.stdout.write(`image-base: ${line}\n`),
  });
  process.stdout.write(`image-base: done in ${Math.round((Date.now() - started) / 1000)} s.\n`);
} catch (error) {
  process.stderr.write(`image-base: ${describeFailure(error)}\n`);
  process.exitCode = 1;
}
