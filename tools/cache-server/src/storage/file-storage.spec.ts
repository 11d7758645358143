import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteLimit, TooLargeError } from '../byte-limit.js';
import { FileStorage } from './file-storage.js';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('folder storage', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-server-fs-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores in shards, never overwrites, and reports the size', async () => {
    const storage = new FileStorage(join(dir, 'a'));
    await storage.init();
    const body = randomBytes(3000);
    expect(await storage.put('98765', Readable.from([body]), body.length)).toBe('stored');
    expect(await readdir(join(dir, 'a', '98'))).toEqual(['98765']);
    expect(await storage.put('98765', Readable.from([randomBytes(10)]), 10)).toBe('exists');
    const got = await storage.get('98765');
    expect(got?.size).toBe(3000);
    expect((await read(got!.body)).equals(body)).toBe(true);
    expect(await storage.get('12345')).toBeNull();
    expect(await readdir(join(dir, 'a', '.incoming'))).toEqual([]);
  });

  it('a failing body leaves neither the key nor a temporary file', async () => {
    const storage = new FileStorage(join(dir, 'b'));
    await storage.init();
    const limiter = new ByteLimit(1000, undefined);
    Readable.from([randomBytes(600), randomBytes(600)]).pipe(limiter);
    await expect(storage.put('555', limiter, undefined)).rejects.toBeInstanceOf(TooLargeError);
    expect(await storage.has('555')).toBe(false);
    expect(await readdir(join(dir, 'b', '.incoming'))).toEqual([]);
  });

  it('removes temporaries older than an hour left by a crash, and keeps fresh ones', async () => {
    const root = join(dir, 'c');
    await new FileStorage(root).init();
    const old = join(root, '.incoming', '1.abc.part');
    const fresh = join(root, '.incoming', '2.def.part');
    await writeFile(old, 'x');
    await writeFile(fresh, 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await new FileStorage(root).init();
    expect(await readdir(join(root, '.incoming'))).toEqual(['2.def.part']);
  });
});
