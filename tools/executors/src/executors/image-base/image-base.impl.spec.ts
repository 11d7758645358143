import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, executorContext, tempEntries } from '../../testing/executor-harness.js';
import { imageBase } from './image-base.impl.js';
import { normalizeOptions } from './lib/normalize-options.js';
import type { ImageBaseExecutorSchema } from './schema.js';

const run = (options: ImageBaseExecutorSchema) =>
  captureOutput(() => imageBase(options, executorContext(tmpdir(), 'app', 'apps/app')));

describe('image-base', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('defaults to the base the atlas-data Dockerfile builds on', () => {
    expect(normalizeOptions({}, {})).toEqual({
      image: 'localhost/atlas-base:bookworm-py311-node20',
      suite: 'bookworm',
      mirror: 'http://deb.debian.org/debian',
      driver: 'overlay',
      storageRoot: undefined,
    });
    expect(
      normalizeOptions({ storageDriver: 'vfs' }, { ATLAS_DEBIAN_MIRROR: 'https://mirror.example/debian' }),
    ).toMatchObject({ driver: 'vfs', mirror: 'https://mirror.example/debian' });
  });

  it.each([
    [
      { storageDriver: 'bogus' },
      'image-base: --driver (storageDriver) must be overlay or vfs, not "bogus": use the driver image-build uses (vfs where the kernel has no overlayfs).',
    ],
    [
      { suite: '--foreign' },
      'image-base: --suite "--foreign" is not a Debian suite name: use e.g. bookworm.',
    ],
    [
      { image: '-x' },
      'image-base: --image "-x" is not an image name: use a name like localhost/atlas-base:bookworm-py311-node20.',
    ],
    [
      { mirror: 'ftp://ftp.debian.org/debian' },
      'image-base: --mirror "ftp://ftp.debian.org/debian" is not an http(s) URL: pass a Debian mirror such as http://deb.debian.org/debian (or set ATLAS_DEBIAN_MIRROR).',
    ],
  ])('refuses %j in one line before anything starts', async (options, line) => {
    const before = tempEntries('atlas-base-');
    const { result, stdout, stderr } = await run(options as ImageBaseExecutorSchema);
    expect(result).toEqual({ success: false });
    expect(stdout).toBe('');
    expect(stderr).toBe(`${line}\n`);
    expect(tempEntries('atlas-base-')).toEqual(before);
  });

  it('names the package to install when debootstrap is missing, and leaves nothing behind', async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'atlas-empty-path-'));
    try {
      vi.stubEnv('PATH', emptyPath);
      const before = tempEntries('atlas-base-');
      const { result, stderr } = await run({ storageDriver: 'vfs' });
      expect(result).toEqual({ success: false });
      expect(stderr).toBe(
        'image-base: debootstrap is not installed here: install it (as root: apt-get install -y debootstrap) and run again.\n',
      );
      expect(tempEntries('atlas-base-')).toEqual(before);
    } finally {
      rmSync(emptyPath, { recursive: true, force: true });
    }
  });
});
