import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { imageChecksFor } from '../../../utils/image-checks/check-options.js';
import type { ImageCheckOptions } from '../../../utils/image-checks/check-options.js';
import { checkImage, type ImageCheckReport } from '../../../utils/image-checks/check-image.js';
import { runTool } from '../../../utils/host-tools.js';
import type { ImageRepository } from '../../../utils/registry/image-reference.js';

/** The options of the project's image-check target, which the smoke of a published image reuses. */
export function smokeCheckOptions(context: ExecutorContext, target: string): ImageCheckOptions {
  const project = context.projectName
    ? context.projectsConfigurations?.projects[context.projectName]
    : undefined;
  const found = project?.targets?.[target];
  if (!found) {
    throw new ExecutorFailure(
      `The project has no ${target} target for the post-publish smoke: add one (executor @atlas/executors:image-check), name it with smokeTarget, or set smoke: false.`,
    );
  }
  return (found.options ?? {}) as ImageCheckOptions;
}

/**
 * Pull the pushed digest back from the registry into a private store and run the image checks on
 * what came back: this proves the registry serves an image that works, not only that a push ended.
 */
export async function smokePublishedImage(input: {
  repo: ImageRepository;
  digest: string;
  insecure: boolean;
  authFile: string | undefined;
  scratch: string;
  checkOptions: ImageCheckOptions;
  workspaceRoot: string;
  projectRoot: string;
}): Promise<ImageCheckReport> {
  const pulled = join(input.scratch, 'pulled.oci.tar');
  const reference = `${input.repo.full}@${input.digest}`;
  await runTool(
    [
      'skopeo',
      'copy',
      '--quiet',
      '--preserve-digests',
      `--src-tls-verify=${input.insecure ? 'false' : 'true'}`,
      ...(input.authFile ? ['--src-authfile', input.authFile] : []),
      `docker://${reference}`,
      `oci-archive:${pulled}`,
    ],
    { what: `Pulling ${reference} back`, timeoutMs: 1_800_000 },
  );
  return checkImage({
    ...imageChecksFor(input.checkOptions, input.workspaceRoot, input.projectRoot),
    archive: pulled,
    shownArchive: reference,
    // A store of its own, removed with the scratch folder: nothing cached locally stands in for the pull.
    graphRoot: join(input.scratch, 'store'),
    runRoot: join(input.scratch, 'run'),
    driver: input.checkOptions.storageDriver ?? 'overlay',
  });
}
