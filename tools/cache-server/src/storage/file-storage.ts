import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, constants as fsConstants } from 'node:fs';
import { access, link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CacheStorage, PutOutcome, StoredArtifact } from './storage.js';

const TEMP_DIR = '.incoming';

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * A local folder: `<root>/<first two chars>/<hash>`. Uploads stream into `<root>/.incoming/` (same
 * file system) and are published with link(2), which fails with EEXIST when the key appeared in the
 * meantime: an atomic exclusive create, so concurrent writers of one key cannot overwrite each
 * other and readers never see a partial file.
 */
export class FileStorage implements CacheStorage {
  readonly kind = 'file' as const;
  readonly root: string;
  readonly description: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.description = `file:${this.root}`;
  }

  private pathOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash);
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, TEMP_DIR), { recursive: true });
    await this.check();
    await this.removeStaleTemporaries();
  }

  async check(): Promise<void> {
    try {
      await access(this.root, fsConstants.W_OK | fsConstants.R_OK);
      await access(join(this.root, TEMP_DIR), fsConstants.W_OK);
    } catch (error) {
      throw new Error(
        `storage folder ${this.root} is not readable and writable (${errnoCode(error) ?? String(error)})`,
      );
    }
  }

  /** Uploads interrupted by a crash leave `.part` files: drop those older than an hour. */
  private async removeStaleTemporaries(): Promise<void> {
    const dir = join(this.root, TEMP_DIR);
    const cutoff = Date.now() - 3_600_000;
    for (const name of await readdir(dir)) {
      const file = join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) await unlink(file).catch(() => undefined);
    }
  }

  async has(hash: string): Promise<boolean> {
    try {
      await access(this.pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  async get(hash: string): Promise<StoredArtifact | null> {
    let handle;
    try {
      handle = await open(this.pathOf(hash), 'r');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the descriptor from here on and closes it when done or destroyed.
      return { body: createReadStream('', { fd: handle, autoClose: true }), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async put(hash: string, body: Readable, _size: number | undefined): Promise<PutOutcome> {
    const target = this.pathOf(hash);
    const temp = join(this.root, TEMP_DIR, `${hash}.${randomBytes(6).toString('hex')}.part`);
    try {
      const out = createWriteStream(temp, { flags: 'wx' });
      await pipeline(body, out);
      const handle = await open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(join(this.root, hash.slice(0, 2)), { recursive: true });
      try {
        await link(temp, target);
        return 'stored';
      } catch (error) {
        if (errnoCode(error) === 'EEXIST') return 'exists';
        throw error;
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    // Nothing to release: every file handle is closed by the operation that opened it.
  }
}
