import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { tryGit } from './git.js';

export interface ResolvedRemote {
  /** What git is given. */
  url: string;
  /** What is printed: no user info (tokens) in it. */
  shown: string;
}

/** Hide credentials in a URL before it is printed. */
export function displayUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)[^/@]+@/, '$1');
}

/**
 * A remote name of the workspace repository becomes its URL; URLs pass through; anything else is a
 * path, relative to the workspace root. Undefined when a name is not a configured remote.
 */
export async function resolveRemote(
  remote: string,
  workspaceRoot: string,
): Promise<ResolvedRemote | undefined> {
  if (/^[\w.-]+$/.test(remote) && !existsSync(resolve(workspaceRoot, remote))) {
    const named = await tryGit(['remote', 'get-url', remote], { cwd: workspaceRoot });
    return named.ok ? { url: named.output, shown: `${remote} (${displayUrl(named.output)})` } : undefined;
  }
  if (/^(\w+:\/\/|[\w.-]+@[\w.-]+:)/.test(remote)) return { url: remote, shown: displayUrl(remote) };
  const path = isAbsolute(remote) ? remote : resolve(workspaceRoot, remote);
  return { url: path, shown: remote };
}

/**
 * Environment that lets git authenticate to GitHub over https with GITHUB_TOKEN (or GH_TOKEN), passed
 * as configuration through the environment so the token never shows in a command line.
 */
export function authEnv(url: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const token = env['GITHUB_TOKEN'] || env['GH_TOKEN'];
  const match = /^(https:\/\/[^/@]+)\//.exec(url);
  if (!token || !match) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${match[1]}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
