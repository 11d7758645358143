import { hasCredentials } from '../../../utils/deploy-mode.js';
import { tryGit } from '../../../utils/git/git.js';
import { authEnv, resolveRemote } from '../../../utils/git/remote.js';
import { error, ok, warn, type PreflightResult } from '../types.js';

const CHECK = 'git remote (Pages)';

/** The git remote the Pages deploy pushes to answers (git ls-remote), and there are credentials to push. */
export async function checkGitRemote(
  remote: string,
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<PreflightResult> {
  const resolved = await resolveRemote(remote, workspaceRoot);
  if (!resolved)
    return error(
      CHECK,
      `the remote "${remote}" is not configured in this checkout`,
      `git remote add ${remote} <url of the Pages repository>`,
    );
  const listed = await tryGit(['ls-remote', '--heads', resolved.url], {
    cwd: workspaceRoot,
    env: authEnv(resolved.url, env),
    timeoutMs: 30_000,
  });
  if (!listed.ok) {
    const lines = listed.output.split('\n').filter(Boolean);
    const last = lines.find((l) => l.startsWith('fatal:')) ?? lines.at(-1) ?? 'no output';
    return error(
      CHECK,
      `${resolved.shown} does not answer: ${last}`,
      'check the remote URL, the network, and GITHUB_TOKEN (contents: write) or the SSH key',
    );
  }
  const heads = listed.output ? listed.output.split('\n').length : 0;
  if (!hasCredentials(resolved.url, env)) {
    return warn(
      CHECK,
      `${resolved.shown} is readable (${heads} branches) but there are no credentials to push`,
      'set GITHUB_TOKEN (contents: write) or load an SSH key into the agent',
    );
  }
  return ok(CHECK, `${resolved.shown}: reachable, ${heads} branches, credentials present`);
}
