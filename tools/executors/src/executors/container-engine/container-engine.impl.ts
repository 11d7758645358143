import { rmSync, writeFileSync } from 'node:fs';
import type { ExecutorContext } from '@nx/devkit';
import { describeFailure, registerCleanup, resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { storeRoots } from '../../utils/containers/containers-env.js';
import { failureNote, startContainerEngine } from '../../utils/containers/container-engine.js';
import type { ContainerEngineExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`container-engine: ${line}\n`);

export async function containerEngine(
  options: ContainerEngineExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  let note: string | undefined;
  try {
    const link = resolveInWorkspace(
      context.root,
      projectRootOf(context),
      options.socket ?? 'tmp/{projectRoot}/engine.sock',
      'socket',
    );
    note = failureNote(link);
    rmSync(note, { force: true });
    const engine = await startContainerEngine({
      workspaceRoot: context.root,
      socket: link,
      engine: options.engine ?? 'auto',
      dockerHost: options.dockerHost ?? (process.env['DOCKER_HOST'] || 'unix:///var/run/docker.sock'),
      ...storeRoots(options.storageRoot),
      driver: options.storageDriver ?? 'overlay',
      log,
    });
    // Nx stops a continuous task with a signal: release the engine before the process exits.
    const unregister = registerCleanup(() => engine.stop());
    const lost = await engine.lost;
    unregister();
    await engine.stop();
    // Stopped from outside: Nx signals the whole process tree of a continuous task, leaves first.
    if (lost.stopped) {
      log('the podman service was stopped; its containers and state are removed.');
      return { success: true };
    }
    throw new ExecutorFailure(lost.reason);
  } catch (error) {
    if (note) writeFileSync(note, describeFailure(error));
    return failExecutor('container-engine', error);
  }
}

export default function containerEngineExecutor(
  options: ContainerEngineExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return containerEngine(options, context);
}
