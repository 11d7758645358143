import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { getProjectNameFromPath } from '@nx/docker/src/plugins/plugin';
import { registerCleanup, resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { containersEnv } from '../../utils/containers/containers-env.js';
import {
  describeEngine,
  engineHasImage,
  engineStore,
  engineVersion,
} from '../../utils/containers/engine-api.js';
import { requireTool, runTool } from '../../utils/host-tools.js';
import type { ImageExportExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`image-export: ${line}\n`);

export async function imageExport(
  options: ImageExportExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-image-export-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  try {
    const projectRoot = projectRootOf(context);
    const project = context.projectName ?? '<project>';
    const at = (path: string, option: string) => resolveInWorkspace(context.root, projectRoot, path, option);
    const link = at(options.socket ?? 'tmp/{projectRoot}/engine.sock', 'socket');
    const output = at(options.output ?? 'dist/{projectRoot}/image.oci.tar', 'output');
    const image = options.image ?? getProjectNameFromPath(projectRoot, context.root);
    const shown = (path: string) => relative(context.root, path);

    const engine = await engineVersion(link);
    if (!engine)
      throw new ExecutorFailure(
        `No container engine answers at ${shown(link)}: run npx nx run ${project}:image, which starts ${project}:container-engine and builds first.`,
      );
    if (!(await engineHasImage(link, image)))
      throw new ExecutorFailure(
        `${describeEngine(engine)} holds no image ${image}: build it first (npx nx run ${project}:docker:build).`,
      );
    await requireTool('skopeo');
    const started = Date.now();
    mkdirSync(dirname(output), { recursive: true });
    const partial = `${output}.partial`;
    rmSync(partial, { force: true });
    // A podman engine's store is read directly, as fast as buildah push (the Docker API's export
    // streams an uncompressed copy through a temp file, twice as slow); Docker's through its API,
    // with the socket path relative to the workspace root, where skopeo runs: unix socket paths
    // are limited to 107 characters, a workspace path is not.
    const store = options.readStore === false ? undefined : await engineStore(link);
    const reference = image.includes(':') ? image : `${image}:latest`;
    const storage =
      store && (store.driver === 'overlay' || store.driver === 'vfs')
        ? containersEnv({ graphRoot: store.graphRoot, runRoot: store.runRoot, driver: store.driver })
        : undefined;
    try {
      await runTool(
        [
          'skopeo',
          'copy',
          '--quiet',
          ...(storage ? [] : ['--src-daemon-host', `unix://${shown(link)}`]),
          '--dest-compress',
          '--dest-compress-format',
          'gzip',
          storage ? `containers-storage:${reference}` : `docker-daemon:${reference}`,
          `oci-archive:${partial}`,
        ],
        {
          cwd: context.root,
          // skopeo keeps a copy of the engine's image tarball in TMPDIR while it converts it.
          env: { ...storage?.env, TMPDIR: scratch },
          what: `Exporting ${image} from ${describeEngine(engine)}`,
          timeoutMs: (options.timeoutSeconds ?? 1800) * 1000,
        },
      );
    } finally {
      storage?.remove();
    }
    renameSync(partial, output);
    const megabytes = (statSync(output).size / 1024 / 1024).toFixed(1);
    log(
      `${image} from ${describeEngine(engine)}${storage ? `'s ${store?.driver} store` : ''} written to ${shown(output)} (${megabytes} MiB, gzip layers) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return { success: true };
  } catch (error) {
    return failExecutor('image-export', error);
  } finally {
    removeScratch();
    unregister();
  }
}

export default function imageExportExecutor(
  options: ImageExportExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return imageExport(options, context);
}
