import { FileStorage } from './file-storage.js';
import { S3Storage } from './s3-storage.js';
import { StorageConfigError, type CacheStorage } from './storage.js';

export type StorageSpec =
  | { kind: 'file'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string };

const USAGE = 'use file:<dir> or s3://<bucket>/<prefix>';

/** Parse CACHE_STORAGE. Throws StorageConfigError with a one-line explanation. */
export function parseStorageSpec(value: string, env: NodeJS.ProcessEnv = process.env): StorageSpec {
  const spec = value.trim();
  if (spec.startsWith('file:')) {
    const dir = spec.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!dir) throw new StorageConfigError(`CACHE_STORAGE "${value}" names no folder: ${USAGE}`);
    return { kind: 'file', dir };
  }
  if (spec.startsWith('s3://')) {
    const rest = spec.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new StorageConfigError(`CACHE_STORAGE "${value}" has no valid bucket name: ${USAGE}`);
    }
    if (prefix.split('/').some((part) => part === '..' || part === '.')) {
      throw new StorageConfigError(`CACHE_STORAGE "${value}" has "." or ".." in its prefix`);
    }
    const endpoint = env['S3_ENDPOINT']?.trim() || undefined;
    if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint)) {
      throw new StorageConfigError(`S3_ENDPOINT "${endpoint}" is not an http(s) URL`);
    }
    return { kind: 's3', bucket, prefix, ...(endpoint ? { endpoint } : {}) };
  }
  throw new StorageConfigError(`CACHE_STORAGE "${value}" is not a storage location: ${USAGE}`);
}

/** Create the backend and check that it can be used. */
export async function openStorage(spec: StorageSpec): Promise<CacheStorage> {
  if (spec.kind === 'file') {
    const storage = new FileStorage(spec.dir);
    try {
      await storage.init();
    } catch (error) {
      throw new StorageConfigError(`cannot use storage ${storage.description}: ${(error as Error).message}`);
    }
    return storage;
  }
  const storage = new S3Storage(spec);
  try {
    await storage.check();
  } catch (error) {
    storage.client.destroy();
    throw new StorageConfigError(
      `cannot use storage ${storage.description}: ${(error as Error).message} (check CACHE_STORAGE, S3_ENDPOINT and the AWS_* credentials)`,
    );
  }
  return storage;
}
