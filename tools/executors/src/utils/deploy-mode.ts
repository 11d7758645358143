/** Whether a remote can be pushed to from here without asking anybody for a secret. */
export function hasCredentials(remoteUrl: string, env: NodeJS.ProcessEnv): boolean {
  if (/^https?:\/\//.test(remoteUrl))
    return Boolean(env['GITHUB_TOKEN'] || env['GH_TOKEN'] || /^https?:\/\/[^/@]+@/.test(remoteUrl));
  if (/^(ssh:\/\/|[\w.-]+@[\w.-]+:)/.test(remoteUrl))
    return Boolean(env['SSH_AUTH_SOCK'] || env['GIT_SSH_COMMAND']);
  // A path or file:// URL: the file system is the credential.
  return true;
}

/** The branch being built: GITHUB_REF in Actions (refs/heads/<name>), else the checkout's branch. */
export function currentBranch(
  env: NodeJS.ProcessEnv,
  checkoutBranch: string | undefined,
): string | undefined {
  const ref = env['GITHUB_REF'];
  if (ref?.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref) return ref;
  return checkoutBranch || undefined;
}

export interface DeployMode {
  dryRun: boolean;
  /** Why it is a dry run (or why it publishes), for the log. */
  reason: string;
}

/**
 * Publish only from the default branch with credentials, unless told otherwise: an explicit
 * dryRun wins either way (a forced publish without credentials fails later, at the push).
 */
export function decideMode(input: {
  dryRun?: boolean;
  branch: string | undefined;
  defaultBranch: string;
  credentials: boolean;
}): DeployMode {
  if (input.dryRun === true) return { dryRun: true, reason: 'dryRun is set' };
  if (input.dryRun === false) return { dryRun: false, reason: 'dryRun is false' };
  if (input.branch !== input.defaultBranch) {
    return {
      dryRun: true,
      reason: `on ${input.branch ?? 'no branch'}, not ${input.defaultBranch} (pass --dryRun=false to publish anyway)`,
    };
  }
  if (!input.credentials)
    return { dryRun: true, reason: 'no credentials for the remote (set GITHUB_TOKEN, or use an SSH agent)' };
  return { dryRun: false, reason: `on ${input.defaultBranch} with credentials` };
}
