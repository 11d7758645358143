import { Transform, type TransformCallback } from 'node:stream';

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`artefact larger than the limit of ${limit} bytes`);
  }
}

export class IncompleteBodyError extends Error {}

/**
 * Pass-through that counts bytes, fails as soon as the limit is crossed, and fails at the end when
 * fewer bytes arrived than Content-Length announced, so a truncated upload is never stored.
 */
export class ByteLimit extends Transform {
  bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly expected: number | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      callback(new TooLargeError(this.limit));
      return;
    }
    if (this.expected !== undefined && this.bytes > this.expected) {
      callback(new IncompleteBodyError(`body longer than its Content-Length of ${this.expected} bytes`));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expected !== undefined && this.bytes !== this.expected) {
      callback(new IncompleteBodyError(`body ended after ${this.bytes} of ${this.expected} bytes`));
      return;
    }
    if (this.bytes === 0) {
      callback(new IncompleteBodyError('empty body: an artefact is a non-empty tar.gz'));
      return;
    }
    callback();
  }
}
