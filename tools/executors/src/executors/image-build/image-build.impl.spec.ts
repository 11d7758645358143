import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, executorContext, scratchWorkspace } from '../../testing/executor-harness.js';
import { privateTempDir } from '../../testing/private-temp-dir.js';
import { imageBuild } from './image-build.impl.js';
import type { ImageBuildExecutorSchema } from './schema.js';

describe('image-build with buildah (vfs store, chroot)', () => {
  const scratch = scratchWorkspace('atlas-image-build-spec-');
  const workspace = join(scratch.root, 'workspace');
  const store = join(scratch.root, 'store');
  const privateTmp = privateTempDir('atlas-build-tmp-');
  const build = (options: Partial<ImageBuildExecutorSchema> = {}) =>
    captureOutput(() =>
      imageBuild(
        { storageDriver: 'vfs', storageRoot: store, ...options },
        executorContext(workspace, 'app', 'apps/app'),
      ),
    );
  const failure = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('image-build: '));

  beforeAll(() => {
    privateTmp.enter();
    mkdirSync(join(workspace, 'apps/app'), { recursive: true });
    writeFileSync(join(workspace, 'apps/app/hello.txt'), 'hello\n');
    writeFileSync(join(workspace, 'apps/app/secret.env'), 'never in the image\n');
    writeFileSync(join(workspace, 'apps/app/Dockerfile'), 'FROM scratch\nCOPY apps/app/ /app/\n');
    writeFileSync(join(workspace, 'apps/app/Dockerfile.dockerignore'), 'apps/app/secret.env\n');
  });
  afterAll(() => {
    scratch.remove();
    expect(privateTmp.leave()).toEqual([]);
  });

  it('builds the Dockerfile into an OCI archive', async () => {
    const { result, stdout, stderr } = await build();
    expect(stderr).toBe('');
    expect(result).toEqual({ success: true });
    expect(stdout).toMatch(
      /image-build: built localhost\/app:build in [\d.]+ s; dist\/apps\/app\/image\.oci\.tar \([\d.]+ MiB/,
    );
    expect(existsSync(join(workspace, 'dist/apps/app/image.oci.tar'))).toBe(true);
  });

  it('names the missing local base image and the target that makes it', async () => {
    const { result, stderr } = await build({ buildArgs: { BASE_IMAGE: 'localhost/atlas-base:none' } });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      'image-build: The base image localhost/atlas-base:none (build argument BASE_IMAGE) is not in the local image store: make it first (npx nx run app:image-base).',
    ]);
  });

  it('fails in one line for a missing Dockerfile and for a failing step (a file the ignore file keeps out)', async () => {
    const missing = await build({ dockerfile: '{projectRoot}/Nope' });
    expect(failure(missing.stderr)).toEqual([
      'image-build: The Dockerfile apps/app/Nope does not exist: set the dockerfile option.',
    ]);

    writeFileSync(join(workspace, 'apps/app/Broken'), 'FROM scratch\nCOPY apps/app/secret.env /\n');
    const broken = await build({
      dockerfile: '{projectRoot}/Broken',
      ignorefile: '{projectRoot}/Dockerfile.dockerignore',
    });
    expect(broken.result).toEqual({ success: false });
    const lines = failure(broken.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^image-build: Building apps\/app\/Broken: buildah bud failed: .*secret\.env/);
  });
});
