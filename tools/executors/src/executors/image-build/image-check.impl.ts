import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import {
  ExecutorFailure,
  failExecutor,
  projectRootOf,
  resolveCodeLocation,
  resolveInWorkspace,
} from '../../runtime/index.js';
import { storeRoots } from './image-build.impl.js';
import { checkImage, reportImageChecks, type ImageChecks } from './lib/check-image.js';
import type { ImageCheckExecutorSchema } from './image-check.schema.js';

const log = (line: string) => process.stdout.write(`image-check: ${line}\n`);

/** What to check in a code location's image: the executor options over the project's code-location config. */
export function imageChecksFor(
  options: Omit<ImageCheckExecutorSchema, 'archive' | 'storageDriver' | 'storageRoot'>,
  workspaceRoot: string,
  projectRoot: string,
): Omit<ImageChecks, 'archive' | 'shownArchive' | 'graphRoot' | 'runRoot' | 'driver'> {
  const location = resolveCodeLocation({ module: options.module }, workspaceRoot, projectRoot);
  return {
    module: location.module,
    manifestPath: options.manifestPath ?? '/app/libs/dbt-project/target/manifest.json',
    nodeMajor: options.nodeMajor ?? 20,
    serverCommand: options.serverCommand,
    expectedAssets: options.expectedAssets ?? location.config?.expectedAssets ?? [],
    serverStartTimeoutMs: (options.serverStartTimeoutSeconds ?? 180) * 1000,
    migrateCommand: options.migrateCommand ?? [],
    workspaceRoot,
  };
}

export async function imageCheck(
  options: ImageCheckExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const projectRoot = projectRootOf(context);
    const archive = resolveInWorkspace(
      context.root,
      projectRoot,
      options.archive ?? 'dist/{projectRoot}/image.oci.tar',
      'archive',
    );
    const shownArchive = relative(context.root, archive);
    if (!existsSync(archive))
      throw new ExecutorFailure(
        `The image archive ${shownArchive} does not exist: build it first (npx nx run ${context.projectName ?? '<project>'}:image).`,
      );
    const report = await checkImage({
      ...imageChecksFor(options, context.root, projectRoot),
      archive,
      shownArchive,
      ...storeRoots(options.storageRoot),
      driver: options.storageDriver ?? 'overlay',
    });
    reportImageChecks(report, shownArchive, log);
    return { success: true };
  } catch (error) {
    return failExecutor('image-check', error);
  }
}

export default function imageCheckExecutor(
  options: ImageCheckExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return imageCheck(options, context);
}
