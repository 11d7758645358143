import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { CacheStorage, PutOutcome, StoredArtifact } from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket root). */
  prefix: string;
  /** S3-compatible endpoint (MinIO, Ceph RGW, SeaweedFS, ...); switches to path-style addressing. */
  endpoint?: string;
  region?: string;
  /** Multipart part size; the upload holds at most queueSize parts in memory. */
  partSize?: number;
  queueSize?: number;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

/**
 * S3-compatible object storage. First write wins through a conditional write: PutObject (and
 * CompleteMultipartUpload for large artefacts) carry `If-None-Match: *`, so the store itself refuses
 * to replace an existing key (412, or 409 for a concurrent conditional write). A HEAD before the
 * upload answers most duplicates without reading the body.
 *
 * Limitation: a store that ignores If-None-Match (older MinIO or Ceph releases) falls back to
 * HEAD-then-PUT, which leaves a race window between two concurrent writers of the same key. Keys
 * are content hashes written by trusted main-branch CI only, so the window is between two honest
 * writers; use a store with conditional writes if that matters.
 */
export class S3Storage implements CacheStorage {
  readonly kind = 's3' as const;
  readonly description: string;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3StorageOptions, clientConfig: S3ClientConfig = {}) {
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.partSize = options.partSize ?? 8 * 1024 * 1024;
    this.queueSize = options.queueSize ?? 2;
    this.description = `s3://${options.bucket}/${options.prefix}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    this.client = new S3Client({
      region: options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...clientConfig,
    });
  }

  private keyOf(hash: string): string {
    return this.prefix ? `${this.prefix}/${hash}` : hash;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = statusOf(error);
      const reason =
        status === 404 ? 'bucket not found' : status === 403 ? 'access denied' : (error as Error).message;
      throw new Error(`S3 bucket ${this.bucket} is not usable: ${reason}`);
    }
  }

  async has(hash: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(hash) }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404 || nameOf(error) === 'NotFound') return false;
      throw error;
    }
  }

  async get(hash: string): Promise<StoredArtifact | null> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(hash) }),
      );
      const body = result.Body;
      if (!(body instanceof Readable)) throw new Error('S3 returned a body that is not a Node stream');
      return { body, size: result.ContentLength };
    } catch (error) {
      if (statusOf(error) === 404 || nameOf(error) === 'NoSuchKey') return null;
      throw error;
    }
  }

  async put(hash: string, body: Readable, size: number | undefined): Promise<PutOutcome> {
    if (await this.has(hash)) {
      body.resume();
      return 'exists';
    }
    const upload = new Upload({
      client: this.client,
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: this.keyOf(hash),
        Body: body,
        ContentType: 'application/octet-stream',
        IfNoneMatch: '*',
        ...(size !== undefined && size <= this.partSize ? { ContentLength: size } : {}),
      },
    });
    // A failing body (size limit, truncated upload) makes the SDK's read of it throw, which aborts
    // the multipart upload; never call upload.abort() here: done() would settle before the cleanup.
    let bodyError: unknown;
    body.once('error', (error) => {
      bodyError = error;
    });
    try {
      await upload.done();
    } catch (error) {
      if (bodyError) throw bodyError;
      const status = statusOf(error);
      if (status === 412 || status === 409 || nameOf(error) === 'PreconditionFailed') return 'exists';
      throw error;
    }
    if (bodyError) throw bodyError;
    return 'stored';
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
