import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { resolveInWorkspace, runProcess } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { containersEnv, storeRoots } from '../../utils/containers/containers-env.js';
import { requireTool, runTool } from '../../utils/host-tools.js';
import type { ImageBuildExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`image-build: ${line}\n`);

const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function imageBuild(
  options: ImageBuildExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  let store: { remove(): void } | undefined;
  try {
    const projectRoot = projectRootOf(context);
    const projectName = context.projectName ?? 'image';
    const at = (path: string, option: string) =>
      resolveInWorkspace(context.root, projectRoot, path.replaceAll('{projectName}', projectName), option);
    const dockerfile = at(options.dockerfile ?? '{projectRoot}/Dockerfile', 'dockerfile');
    const buildContext = at(options.context ?? '.', 'context');
    const output = at(options.output ?? 'dist/{projectRoot}/image.oci.tar', 'output');
    const ignorefile = options.ignorefile
      ? at(options.ignorefile, 'ignorefile')
      : `${dockerfile}.dockerignore`;
    const image = (options.image ?? 'localhost/{projectName}:build').replaceAll('{projectName}', projectName);
    const shown = (path: string) => relative(context.root, path) || '.';
    if (!existsSync(dockerfile))
      throw new ExecutorFailure(
        `The Dockerfile ${shown(dockerfile)} does not exist: set the dockerfile option.`,
      );
    if (!existsSync(buildContext))
      throw new ExecutorFailure(
        `The build context ${shown(buildContext)} does not exist: set the context option.`,
      );
    if (options.ignorefile && !existsSync(ignorefile))
      throw new ExecutorFailure(
        `The ignore file ${shown(ignorefile)} does not exist: fix the ignorefile option.`,
      );
    const buildArgs = Object.entries(options.buildArgs ?? {});
    for (const [name] of buildArgs) {
      if (!ARG_NAME.test(name))
        throw new ExecutorFailure(`Build argument name "${name}" is not valid: use letters, digits and _.`);
    }
    await requireTool('buildah');

    const driver = options.storageDriver ?? 'overlay';
    const env = containersEnv({ ...storeRoots(options.storageRoot), driver });
    store = env;
    for (const [name, value] of buildArgs) {
      if (!value.startsWith('localhost/')) continue;
      const found = await runProcess(
        ['buildah', 'inspect', '--type', 'image', '--format', '{{.FromImageID}}', value],
        { env: env.env, echo: false, timeoutMs: 60_000 },
      );
      if (found.exitCode !== 0) {
        throw new ExecutorFailure(
          `The base image ${value} (build argument ${name}) is not in the local image store: make it first (npx nx run ${projectName}:image-base).`,
        );
      }
    }
    const started = Date.now();
    log(
      `buildah bud ${shown(dockerfile)} (context ${shown(buildContext)}, ${driver} store${buildArgs.length ? `, ${buildArgs.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''})...`,
    );
    await runTool(
      [
        'buildah',
        'bud',
        '--isolation',
        'chroot',
        '--layers',
        // A failed step would otherwise leave its working container (and its mounts) in the store.
        '--force-rm',
        '--pull=never',
        ...(existsSync(ignorefile) ? ['--ignorefile', ignorefile] : []),
        ...buildArgs.flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
        '-f',
        dockerfile,
        '-t',
        image,
        buildContext,
      ],
      {
        env: env.env,
        cwd: context.root,
        echo: true,
        timeoutMs: (options.timeoutSeconds ?? 3600) * 1000,
        what: `Building ${shown(dockerfile)}`,
      },
    );
    const built = Date.now();
    mkdirSync(dirname(output), { recursive: true });
    const partial = `${output}.partial`;
    rmSync(partial, { force: true });
    await runTool(['buildah', 'push', '--quiet', image, `oci-archive:${partial}`], {
      env: env.env,
      what: 'Writing the OCI archive',
      timeoutMs: 1_800_000,
    });
    renameSync(partial, output);
    const megabytes = (statSync(output).size / 1024 / 1024).toFixed(1);
    log(
      `built ${image} in ${((built - started) / 1000).toFixed(1)} s; ${shown(output)} (${megabytes} MiB, layers compressed) written in ${((Date.now() - built) / 1000).toFixed(1)} s.`,
    );
    return { success: true };
  } catch (error) {
    return failExecutor('image-build', error);
  } finally {
    store?.remove();
  }
}

export default function imageBuildExecutor(
  options: ImageBuildExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return imageBuild(options, context);
}
