import { ExecutorFailure } from '../executor-failure.js';

export interface ImageRepository {
  /** Registry host (with port), as in the registry API URL. */
  registry: string;
  /** Repository name inside the registry, e.g. helpers-no/atlas-data. */
  name: string;
  /** registry/name, as written in Helm values. */
  full: string;
}

const HOST =
  /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:]+\])(:\d{1,5})?$/i;
const NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Split `ghcr.io/helpers-no/atlas-data` (or `127.0.0.1:5000/atlas-data`) into registry and name. */
export function parseRepository(value: string): ImageRepository {
  const slash = value.indexOf('/');
  const registry = slash > 0 ? value.slice(0, slash) : '';
  const name = slash > 0 ? value.slice(slash + 1) : '';
  if (
    !registry ||
    !HOST.test(registry) ||
    !(registry.includes('.') || registry.includes(':') || registry === 'localhost')
  ) {
    throw new ExecutorFailure(
      `Option repository ("${value}") must start with the registry host, like ghcr.io/helpers-no/atlas-data.`,
    );
  }
  if (value.includes(':', slash) || value.includes('@')) {
    throw new ExecutorFailure(
      `Option repository ("${value}") must not carry a tag or digest: tags are chosen by the publisher.`,
    );
  }
  if (!NAME.test(name)) {
    throw new ExecutorFailure(
      `Option repository ("${value}") has an invalid image name "${name}": use lower-case letters, digits and . _ - / only.`,
    );
  }
  return { registry, name, full: value };
}

/** Refuse tags that are not unique per build: `latest` (never rolls in Helm) and anything malformed. */
export function checkTag(tag: string): string {
  if (tag.toLowerCase() === 'latest') {
    throw new ExecutorFailure(
      'The tag "latest" is refused: the Helm release only rolls when the tag changes; publish a version and sha-<commit> instead.',
    );
  }
  if (!TAG.test(tag))
    throw new ExecutorFailure(
      `"${tag}" is not a valid image tag: up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -.`,
    );
  return tag;
}

/** The version tag: `v<semver-ish version>`; a leading v in the version is kept once. */
export function versionTag(version: string): string {
  const trimmed = version.trim();
  if (trimmed.toLowerCase() === 'latest') checkTag(trimmed);
  if (!/^v?\d+\.\d+\.\d+([-.][0-9A-Za-z.-]+)?$/.test(trimmed)) {
    throw new ExecutorFailure(
      `Release version "${version}" is not a version like 1.2.3 (or 1.2.3-rc.1): set releaseVersion or [project].version in pyproject.toml.`,
    );
  }
  return checkTag(trimmed.startsWith('v') ? trimmed : `v${trimmed}`);
}

/** A tag pinned to its digest (`sha-…@sha256:…`): what the release's values deploy, so a re-pushed tag can never change it. */
export function pinnedTag(tag: string, digest: string): string {
  return `${tag}@${digest}`;
}
