import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MAX_ARTIFACT_BYTES, loadConfig } from './config.js';
import { parseStorageSpec } from './storage/create-storage.js';

const TOKENS = {
  CACHE_WRITE_TOKENS: 'write-token-0123456789',
  CACHE_READ_TOKENS: 'read-token-0123456789,read-token-9876543210',
};

describe('configuration from the environment', () => {
  it('has safe defaults', () => {
    const config = loadConfig(TOKENS);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.storage).toEqual({ kind: 'file', dir: '.atlas-cache' });
    expect(config.maxArtifactBytes).toBe(DEFAULT_MAX_ARTIFACT_BYTES);
    expect(config.readTokens).toHaveLength(2);
    expect(config.writeTokens).toHaveLength(1);
  });

  it('refuses to start without any token, in one line that says what to set', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ CACHE_READ_TOKENS: ' , ' })).toThrow(
      /no access token configured: set CACHE_WRITE_TOKENS/,
    );
  });

  it('refuses short tokens, bad numbers and unknown storage', () => {
    expect(() => loadConfig({ CACHE_WRITE_TOKENS: 'short' })).toThrow(/at least 16 characters/);
    expect(() => loadConfig({ ...TOKENS, PORT: 'http' })).toThrow(/PORT="http"/);
    expect(() => loadConfig({ ...TOKENS, CACHE_MAX_ARTIFACT_BYTES: '-1' })).toThrow(
      /CACHE_MAX_ARTIFACT_BYTES/,
    );
    expect(() => loadConfig({ ...TOKENS, CACHE_STORAGE: 'ftp://x' })).toThrow(/not a storage location/);
  });

  it('parses storage locations', () => {
    expect(parseStorageSpec('file:/var/cache/nx')).toEqual({ kind: 'file', dir: '/var/cache/nx' });
    expect(parseStorageSpec('s3://nx-cache/atlas/v1/', {})).toEqual({
      kind: 's3',
      bucket: 'nx-cache',
      prefix: 'atlas/v1',
    });
    expect(parseStorageSpec('s3://nx-cache', { S3_ENDPOINT: 'http://127.0.0.1:9000' })).toEqual({
      kind: 's3',
      bucket: 'nx-cache',
      prefix: '',
      endpoint: 'http://127.0.0.1:9000',
    });
    expect(() => parseStorageSpec('s3:///prefix', {})).toThrow(/no valid bucket name/);
    expect(() => parseStorageSpec('s3://Bad_Bucket/x', {})).toThrow(/no valid bucket name/);
    expect(() => parseStorageSpec('s3://bucket/a/../b', {})).toThrow(/"\." or "\.\."/);
    expect(() => parseStorageSpec('s3://bucket/a', { S3_ENDPOINT: 'minio:9000' })).toThrow(
      /not an http\(s\) URL/,
    );
    expect(() => parseStorageSpec('file:', {})).toThrow(/names no folder/);
  });
});
