import { describe, expect, it } from 'vitest';
import { checkTag, parseRepository, pinnedTag, versionTag } from './image-reference.js';

describe('image references', () => {
  it('splits a repository into registry and name', () => {
    expect(parseRepository('ghcr.io/helpers-no/atlas-data')).toEqual({
      registry: 'ghcr.io',
      name: 'helpers-no/atlas-data',
      full: 'ghcr.io/helpers-no/atlas-data',
    });
    expect(parseRepository('127.0.0.1:5000/atlas-data').registry).toBe('127.0.0.1:5000');
  });

  it('refuses a repository without a registry host, with a tag, or with upper case', () => {
    expect(() => parseRepository('atlas-data')).toThrow(/must start with the registry host/);
    expect(() => parseRepository('helpers-no/atlas-data')).toThrow(/must start with the registry host/);
    expect(() => parseRepository('ghcr.io/helpers-no/atlas-data:v1')).toThrow(/must not carry a tag/);
    expect(() => parseRepository('ghcr.io/Helpers/atlas-data')).toThrow(/invalid image name/);
  });

  it('never makes latest, in any spelling', () => {
    expect(() => checkTag('latest')).toThrow(/"latest" is refused/);
    expect(() => checkTag('LATEST')).toThrow(/"latest" is refused/);
    expect(() => versionTag('latest')).toThrow(/"latest" is refused/);
  });

  it('makes v<version> tags and refuses anything else', () => {
    expect(versionTag('1.2.3')).toBe('v1.2.3');
    expect(versionTag('v1.2.3-rc.1')).toBe('v1.2.3-rc.1');
    expect(() => versionTag('next')).toThrow(/is not a version like 1\.2\.3/);
    expect(() => checkTag('-x')).toThrow(/is not a valid image tag/);
    expect(pinnedTag('sha-0123456789ab', 'sha256:ab')).toBe('sha-0123456789ab@sha256:ab');
  });
});
