import type { ExecutorContext } from '@nx/devkit';

/** The root (workspace-relative) of the project whose target is running. */
export function projectRootOf(context: ExecutorContext): string {
  const name = context.projectName;
  const root = name ? context.projectsConfigurations?.projects[name]?.root : undefined;
  if (root === undefined)
    throw new Error(`Nx did not pass the configuration of project "${name ?? '?'}" to the executor.`);
  return root;
}
