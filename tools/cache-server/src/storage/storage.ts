import type { Readable } from 'node:stream';

export interface StoredArtifact {
  body: Readable;
  /** Size in bytes when the backend knows it up front (sent as Content-Length). */
  size: number | undefined;
}

export type PutOutcome = 'stored' | 'exists';

/**
 * Where artefacts live. Keys are already-validated hashes. Implementations must stream (never hold
 * a whole artefact in memory) and must never overwrite: the first complete write of a key wins.
 */
export interface CacheStorage {
  /** Human-readable description for logs, without secrets. */
  readonly description: string;
  readonly kind: 'file' | 's3';
  /** Fails with a clear message when the storage cannot be used (startup and /health). */
  check(): Promise<void>;
  /** Cheap existence check, used to refuse a duplicate upload before reading its body. */
  has(hash: string): Promise<boolean>;
  get(hash: string): Promise<StoredArtifact | null>;
  /**
   * Store `body` under `hash` unless the key exists. `body` errors (size limit, truncated upload,
   * client gone) must leave nothing behind.
   */
  put(hash: string, body: Readable, size: number | undefined): Promise<PutOutcome>;
  close(): Promise<void>;
}

export class StorageConfigError extends Error {}
