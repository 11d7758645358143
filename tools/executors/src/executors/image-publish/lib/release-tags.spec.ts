import type { ExecutorContext } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VERSION_SCHEMES, dockerVersionSchemes, releaseTags } from './release-tags.js';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const release = { projectName: 'atlas-data', version: '1.2.3', commit: COMMIT };

const context = (nxDocker: unknown, projectDocker?: unknown) =>
  ({
    projectName: 'atlas-data',
    nxJsonConfiguration: { release: { docker: nxDocker } },
    projectsConfigurations: {
      version: 2,
      projects: { 'atlas-data': { root: 'apps/atlas-data', release: { docker: projectDocker } } },
    },
  }) as unknown as ExecutorContext;

describe('release tags from nx release docker version schemes', () => {
  it("makes sha-<short commit> and v<version> from the default schemes, with @nx/docker's tokens", () => {
    expect(releaseTags({ ...DEFAULT_VERSION_SCHEMES }, 'defaults', release)).toEqual({
      commitTag: 'sha-0123456',
      tags: ['sha-0123456', 'v1.2.3'],
    });
    // A version written with its v keeps one.
    expect(
      releaseTags({ ...DEFAULT_VERSION_SCHEMES }, 'defaults', { ...release, version: 'v1.2.3' }).tags,
    ).toEqual(['sha-0123456', 'v1.2.3']);
  });

  it('reads the schemes as nx release does: the project over nx.json, the defaults when none', () => {
    const schemes = { version: 'v{versionActionsVersion}', commit: 'sha-{commitSha}' };
    expect(dockerVersionSchemes(context({ versionSchemes: schemes }))).toEqual({
      schemes,
      from: 'release.docker.versionSchemes',
    });
    expect(
      dockerVersionSchemes(
        context({ versionSchemes: schemes }, { versionSchemes: { c: 'c-{shortCommitSha}' } }),
      ).schemes,
    ).toEqual({ c: 'c-{shortCommitSha}' });
    expect(dockerVersionSchemes(context(true)).schemes).toEqual(DEFAULT_VERSION_SCHEMES);
    // The tag that names the commit comes first, whatever the order of the schemes.
    expect(releaseTags(schemes, 'x', release).tags).toEqual([`sha-${COMMIT}`, 'v1.2.3']);
  });

  it('refuses a scheme that leaves a token unresolved, a set without a commit tag, and latest', () => {
    expect(() => releaseTags({ commit: 'sha-{shortSha}' }, 'release.docker.versionSchemes', release)).toThrow(
      'The version scheme "commit" ("sha-{shortSha}", release.docker.versionSchemes) leaves {shortSha} unresolved',
    );
    expect(() => releaseTags({ version: 'v{versionActionsVersion}' }, 'nx.json', release)).toThrow(
      'No version scheme in nx.json names the commit ({shortCommitSha} or {commitSha})',
    );
    expect(() =>
      releaseTags({ commit: 'sha-{shortCommitSha}', moving: 'latest' }, 'nx.json', release),
    ).toThrow('The tag "latest" is refused');
  });
});
