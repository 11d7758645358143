import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { storeRoots } from '../../utils/containers/containers-env.js';
import { imageChecksFor } from '../../utils/image-checks/check-options.js';
import { checkImage, reportImageChecks } from '../../utils/image-checks/check-image.js';
import type { ImageCheckExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`image-check: ${line}\n`);

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
