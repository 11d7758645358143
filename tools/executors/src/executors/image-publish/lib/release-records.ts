import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExecutorFailure } from '../../../utils/executor-failure.js';

/** One published image: immutable once recorded. */
export interface Release {
  version: string;
  /** The digest-addressed commit tag, e.g. sha-0123456789ab. */
  tag: string;
  tags: string[];
  digest: string;
  repository: string;
  sourceCommit: string;
  sourceBranch: string | null;
  publishedAt: string;
  /**
   * The post-publish smoke of the pushed digest: pending while it runs, failed when the image did
   * not pass (a failed release is never deployed, nor a rollback target), skipped when turned off.
   * Absent in records written before the smoke existed.
   */
  smoke?: 'pending' | 'passed' | 'failed' | 'skipped';
}

/**
 * A move of a channel pointer: by a publish, or back by a rollback; or a publish the post-publish
 * smoke rejected, which leaves the pointer where it was. Never removed.
 */
export interface ChannelEvent {
  channel: string;
  action: 'publish' | 'rollback' | 'rejected';
  version: string;
  from: string | null;
  at: string;
}

export interface ReleaseRecords {
  releases: Release[];
  /** channel → version of the release the channel's values file deploys. */
  channels: Record<string, string>;
  history: ChannelEvent[];
}

export function readRecords(path: string, shown: string): ReleaseRecords {
  if (!existsSync(path)) return { releases: [], channels: {}, history: [] };
  let parsed: Partial<ReleaseRecords>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ReleaseRecords>;
  } catch (error) {
    throw new ExecutorFailure(
      `${shown} is not valid JSON (${(error as Error).message}): restore it from git (git checkout -- ${shown}).`,
    );
  }
  if (
    !Array.isArray(parsed.releases) ||
    typeof parsed.channels !== 'object' ||
    !Array.isArray(parsed.history)
  ) {
    throw new ExecutorFailure(
      `${shown} lacks releases, channels or history: restore it from git (git checkout -- ${shown}).`,
    );
  }
  return parsed as ReleaseRecords;
}

/** Write through a temp file and a rename, so an interrupted run never leaves half a record. */
export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

export function writeRecords(path: string, records: ReleaseRecords): void {
  writeAtomically(path, `${JSON.stringify(records, null, 2)}\n`);
}

/** Whether a release may be deployed: its smoke did not fail and is not still running. */
export function deployable(release: Release): boolean {
  return release.smoke !== 'failed' && release.smoke !== 'pending';
}

/** The release a channel points at now, and the deployable one before it (what a rollback goes back to). */
export function rollbackTarget(
  records: ReleaseRecords,
  channel: string,
  shown: string,
): { current: Release; previous: Release } {
  const version = records.channels[channel];
  if (!version)
    throw new ExecutorFailure(
      `Channel "${channel}" has no release in ${shown}: nothing to roll back (publish first).`,
    );
  const index = records.releases.findIndex((r) => r.version === version);
  const current = records.releases[index];
  if (!current)
    throw new ExecutorFailure(
      `Channel "${channel}" points at ${version}, which ${shown} does not list: restore the file from git.`,
    );
  const previous = records.releases.slice(0, index).reverse().find(deployable);
  if (!previous) {
    throw new ExecutorFailure(
      index === 0
        ? `Channel "${channel}" is at ${version}, the first release in ${shown}: there is no earlier release to roll back to.`
        : `Channel "${channel}" is at ${version} and no earlier release in ${shown} passed its smoke: there is nothing to roll back to.`,
    );
  }
  return { current, previous };
}
