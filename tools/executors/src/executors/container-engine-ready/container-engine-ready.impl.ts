import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { failureNote } from '../../utils/containers/container-engine.js';
import { describeEngine, engineVersion } from '../../utils/containers/engine-api.js';
import type { ContainerEngineReadyExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`container-engine-ready: ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A note the engine wrote within this wait (an older one is from an earlier run). */
function freshNote(path: string, since: number): string | undefined {
  if (!existsSync(path) || statSync(path).mtimeMs < since) return undefined;
  return readFileSync(path, 'utf8').trim() || 'no reason given';
}

export async function containerEngineReady(
  options: ContainerEngineReadyExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const link = resolveInWorkspace(
      context.root,
      projectRootOf(context),
      options.socket ?? 'tmp/{projectRoot}/engine.sock',
      'socket',
    );
    const shown = relative(context.root, link);
    const started = Date.now();
    // Nx starts the engine just before this task; a note from a few seconds earlier is this run's.
    const since = started - 10_000;
    const deadline = started + (options.timeoutSeconds ?? 60) * 1000;
    for (;;) {
      const engine = await engineVersion(link, 1000);
      if (engine) {
        log(
          `${describeEngine(engine)} answers at ${shown} (${((Date.now() - started) / 1000).toFixed(1)} s).`,
        );
        return { success: true };
      }
      const failed = freshNote(failureNote(link), since);
      if (failed) throw new ExecutorFailure(`The container engine did not start: ${failed}`);
      if (Date.now() > deadline) {
        const older = existsSync(failureNote(link))
          ? ` (its last failure: ${readFileSync(failureNote(link), 'utf8').trim()})`
          : '';
        throw new ExecutorFailure(
          `No container engine answers at ${shown} after ${options.timeoutSeconds ?? 60} s${older}: run the target that needs it through Nx, which starts ${context.projectName ?? '<project>'}:container-engine first.`,
        );
      }
      await sleep(200);
    }
  } catch (error) {
    return failExecutor('container-engine-ready', error);
  }
}

export default function containerEngineReadyExecutor(
  options: ContainerEngineReadyExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return containerEngineReady(options, context);
}
