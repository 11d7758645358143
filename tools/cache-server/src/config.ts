import { parseStorageSpec, type StorageSpec } from './storage/create-storage.js';
import { StorageConfigError } from './storage/storage.js';
import { parseTokenList } from './tokens.js';

export const DEFAULT_MAX_ARTIFACT_BYTES = 1024 ** 3;

export interface ServerConfig {
  host: string;
  port: number;
  storage: StorageSpec;
  readTokens: string[];
  writeTokens: string[];
  maxArtifactBytes: number;
  /** How long shutdown waits for requests in flight before closing their connections. */
  shutdownGraceMs: number;
}

export class ConfigError extends Error {}

function positiveInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name}="${raw}" must be a whole number between ${min} and ${max}`);
  }
  return Number(raw);
}

/** Read the server configuration from the environment; every problem is one ConfigError line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const readTokens = parseTokenList(env['CACHE_READ_TOKENS']);
  const writeTokens = parseTokenList(env['CACHE_WRITE_TOKENS']);
  if (readTokens.length === 0 && writeTokens.length === 0) {
    throw new ConfigError(
      'no access token configured: set CACHE_WRITE_TOKENS (main CI) and/or CACHE_READ_TOKENS (pull requests, laptops), comma-separated',
    );
  }
  const tooShort = [...readTokens, ...writeTokens].find((t) => t.length < 16);
  if (tooShort !== undefined) {
    throw new ConfigError(
      'every token in CACHE_READ_TOKENS/CACHE_WRITE_TOKENS must be at least 16 characters (use e.g. `openssl rand -hex 32`)',
    );
  }
  let storage: StorageSpec;
  try {
    storage = parseStorageSpec(env['CACHE_STORAGE']?.trim() || 'file:.atlas-cache');
  } catch (error) {
    if (error instanceof StorageConfigError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    host: env['HOST']?.trim() || '127.0.0.1',
    port: positiveInteger(env, 'PORT', 8080, 0, 65535),
    storage,
    readTokens,
    writeTokens,
    maxArtifactBytes: positiveInteger(
      env,
      'CACHE_MAX_ARTIFACT_BYTES',
      DEFAULT_MAX_ARTIFACT_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    shutdownGraceMs: positiveInteger(env, 'CACHE_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
}
