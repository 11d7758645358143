import type { ExecutorContext } from '@nx/devkit';
import { interpolateVersionPattern } from '@nx/docker/src/release/version-pattern-utils';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { checkTag } from '../../../utils/registry/image-reference.js';

/**
 * The tags of a publish when the workspace configures no docker version schemes: the same two that
 * nx.json's release.docker.versionSchemes names.
 */
export const DEFAULT_VERSION_SCHEMES: Readonly<Record<string, string>> = {
  commit: 'sha-{shortCommitSha}',
  version: 'v{versionActionsVersion}',
};

interface DockerReleaseConfig {
  versionSchemes?: Record<string, string>;
}

const asConfig = (value: unknown): DockerReleaseConfig =>
  typeof value === 'object' && value !== null ? (value as DockerReleaseConfig) : {};

/**
 * The version schemes of nx release's docker configuration, merged as nx release merges them (the
 * project's release.docker over nx.json's), and where they came from.
 */
export function dockerVersionSchemes(context: ExecutorContext): {
  schemes: Record<string, string>;
  from: string;
} {
  const project = context.projectName
    ? (context.projectsConfigurations?.projects[context.projectName] as { release?: { docker?: unknown } })
    : undefined;
  const merged = {
    ...asConfig(context.nxJsonConfiguration?.release?.docker),
    ...asConfig(project?.release?.docker),
  };
  const schemes = merged.versionSchemes ?? {};
  return Object.keys(schemes).length > 0
    ? { schemes, from: 'release.docker.versionSchemes' }
    : { schemes: { ...DEFAULT_VERSION_SCHEMES }, from: 'the default version schemes' };
}

const COMMIT_TOKEN = /\{(shortCommitSha|commitSha)\}/;

/**
 * Every scheme's tag for one release, made by @nx/docker's own interpolation (what
 * `nx release version --dockerVersionScheme=<name>` would tag), each checked like any tag we push.
 * nx release applies one scheme per release; a publish gives its one digest all of them. The tag of
 * the first scheme that names the commit comes first: it is the one the Helm values pin.
 */
export function releaseTags(
  schemes: Record<string, string>,
  from: string,
  release: { projectName: string; version: string; commit: string },
): { commitTag: string; tags: string[] } {
  const made = Object.entries(schemes).map(([name, pattern]) => {
    const tag = interpolateVersionPattern(pattern, {
      projectName: release.projectName,
      versionActionsVersion: release.version.replace(/^v/, ''),
      commitSha: release.commit,
      shortCommitSha: release.commit.slice(0, 7),
    });
    const unresolved = /\{[^}]*\}/.exec(tag)?.[0];
    if (unresolved)
      throw new ExecutorFailure(
        `The version scheme "${name}" ("${pattern}", ${from}) leaves ${unresolved} unresolved: use {shortCommitSha}, {commitSha}, {versionActionsVersion}, {projectName}, {currentDate|YYMMDD} or {env.NAME}.`,
      );
    return { name, pattern, tag: checkTag(tag) };
  });
  const commit = made.find((m) => COMMIT_TOKEN.test(m.pattern));
  if (!commit)
    throw new ExecutorFailure(
      `No version scheme in ${from} names the commit ({shortCommitSha} or {commitSha}): add one, such as "commit": "sha-{shortCommitSha}"; the Helm values pin that tag with the digest.`,
    );
  const tags = [commit.tag, ...made.map((m) => m.tag).filter((t) => t !== commit.tag)];
  return { commitTag: commit.tag, tags: [...new Set(tags)] };
}
