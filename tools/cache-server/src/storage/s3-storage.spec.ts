import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  ListMultipartUploadsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { findFreePort, runProcess, spawnSupervised, type SupervisedProcess } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteLimit, TooLargeError } from '../byte-limit.js';
import { startMotoServer, type MotoServer } from '../testing/moto-server.js';
import {
  SCRATCH_PROJECTS,
  cloneEnv,
  cloneScratch,
  createScratchWorkspace,
  remoteHits,
  runNx,
} from '../testing/scratch-nx-workspace.js';
import { S3Storage } from './s3-storage.js';

const BIN = fileURLToPath(new URL('../../bin/atlas-cache-server.mjs', import.meta.url));
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};
const WRITE = 'main-ci-write-token-for-s3-tests';
const READ = 'pr-read-token-for-s3-tests-000';

async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('S3 storage against a real S3-compatible server (moto)', () => {
  let dir: string;
  let moto: MotoServer;
  let admin: S3Client;
  let storage: S3Storage;
  const bucket = 'atlas-nx-cache';

  const keys = async (prefix: string) =>
    ((await admin.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [])
      .map((o) => o.Key)
      .sort();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-server-s3-'));
    moto = await startMotoServer(dir);
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    admin = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    storage = new S3Storage(
      { bucket, prefix: 'unit', endpoint: moto.endpoint, region: 'us-east-1', partSize: 5 * 1024 * 1024 },
      { credentials },
    );
  });

  afterAll(async () => {
    await storage?.close();
    admin?.destroy();
    await moto?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores under the prefix, reads back, and never overwrites', async () => {
    await storage.check();
    const body = randomBytes(10_000);
    expect(await storage.get('2001')).toBeNull();
    expect(await storage.has('2001')).toBe(false);
    expect(await storage.put('2001', Readable.from([body]), body.length)).toBe('stored');
    expect(await storage.has('2001')).toBe(true);
    expect(await keys('unit/')).toEqual(['unit/2001']);
    const again = await storage.put('2001', Readable.from([randomBytes(10_000)]), 10_000);
    expect(again).toBe('exists');
    const got = await storage.get('2001');
    expect(got?.size).toBe(body.length);
    expect((await streamToBuffer(got!.body)).equals(body)).toBe(true);
  });

  it('concurrent writers of one key: the conditional write lets exactly one win', async () => {
    const bodies = Array.from({ length: 4 }, () => randomBytes(50_000));
    const outcomes = await Promise.all(bodies.map((b) => storage.put('2002', Readable.from([b]), b.length)));
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'exists')).toHaveLength(3);
    const winner = bodies[outcomes.indexOf('stored')]!;
    expect((await streamToBuffer((await storage.get('2002'))!.body)).equals(winner)).toBe(true);
  });

  it('streams a multipart upload (larger than one part) and reads it back intact', async () => {
    const body = randomBytes(12 * 1024 * 1024);
    const chunks = Array.from({ length: 12 }, (_, i) =>
      body.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024),
    );
    expect(await storage.put('2003', Readable.from(chunks), body.length)).toBe('stored');
    expect((await streamToBuffer((await storage.get('2003'))!.body)).equals(body)).toBe(true);
    expect(await storage.put('2003', Readable.from([randomBytes(6 * 1024 * 1024)]), undefined)).toBe(
      'exists',
    );
  });

  it('a body that fails (size limit) leaves no object and no pending multipart upload', async () => {
    const limiter = new ByteLimit(7 * 1024 * 1024, undefined);
    Readable.from(Array.from({ length: 9 }, () => randomBytes(1024 * 1024))).pipe(limiter);
    await expect(storage.put('2004', limiter, undefined)).rejects.toBeInstanceOf(TooLargeError);
    expect(await storage.has('2004')).toBe(false);
    const pending = await admin.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect((pending.Uploads ?? []).filter((u) => u.Key === 'unit/2004')).toEqual([]);
  });

  describe('the atlas-cache-server bin on s3:// storage', () => {
    let server: SupervisedProcess;
    let url: string;

    beforeAll(async () => {
      const port = await findFreePort();
      url = `http://127.0.0.1:${port}`;
      server = spawnSupervised([process.execPath, BIN], {
        env: {
          ...CREDENTIALS,
          PORT: String(port),
          CACHE_STORAGE: `s3://${bucket}/nx`,
          S3_ENDPOINT: moto.endpoint,
          CACHE_WRITE_TOKENS: WRITE,
          CACHE_READ_TOKENS: READ,
        },
        echo: false,
      });
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${url}/health`)).status === 200) break;
        } catch {
          if (i > 200) throw new Error(`server did not start:\n${server.tail()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('serves real nx: clone A writes through S3, clone B restores every task from it', async () => {
      const origin = await createScratchWorkspace(join(dir, 'ws'));
      const envFor = (clone: string, token: string) =>
        cloneEnv(clone, {
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
        });
      const a = await cloneScratch(origin, join(dir, 'ws'), 'A');
      const runA = await runNx(a, ['run-many', '-t', 'build', '--output-style=static'], envFor(a, WRITE));
      expect(runA.exitCode, runA.output).toBe(0);
      expect(await keys('nx/')).toHaveLength(SCRATCH_PROJECTS.length);

      const b = await cloneScratch(origin, join(dir, 'ws'), 'B');
      const runB = await runNx(b, ['run-many', '-t', 'build', '--output-style=static'], envFor(b, READ));
      expect(runB.exitCode, runB.output).toBe(0);
      expect(remoteHits(runB.output)).toEqual(SCRATCH_PROJECTS.map((p) => `${p}:build`));
      for (const project of SCRATCH_PROJECTS) {
        const file = join('packages', project, 'dist', 'blob.bin');
        expect((await readFile(join(b, file))).equals(await readFile(join(a, file)))).toBe(true);
      }
      const putExisting = await fetch(`${url}/v1/cache/${(await keys('nx/'))[0]!.slice(3)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${WRITE}` },
        body: 'overwrite attempt',
      });
      expect(putExisting.status).toBe(409);
      expect(server.tail()).toContain('"outcome":"stored"');
    });
  });

  it('the bin refuses to start, in one line, when the bucket does not exist', async () => {
    const result = await runProcess([process.execPath, BIN], {
      env: {
        ...CREDENTIALS,
        PORT: '0',
        CACHE_STORAGE: 's3://no-such-bucket/x',
        S3_ENDPOINT: moto.endpoint,
        CACHE_WRITE_TOKENS: WRITE,
      },
      echo: false,
      timeoutMs: 60_000,
    });
    expect(result.exitCode).toBe(2);
    expect(result.output.trim().split('\n')).toEqual([
      `atlas-cache-server: cannot use storage s3://no-such-bucket/x at ${moto.endpoint}: S3 bucket no-such-bucket is not usable: bucket not found (check CACHE_STORAGE, S3_ENDPOINT and the AWS_* credentials)`,
    ]);
  });
});
