import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, runProcess, spawnSupervised } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/atlas-cache-server.mjs', import.meta.url));
const WRITE = 'write-token-for-the-cli-tests';

const runBin = (env: Record<string, string | undefined>) =>
  runProcess([process.execPath, BIN], {
    env: {
      CACHE_READ_TOKENS: undefined,
      CACHE_WRITE_TOKENS: undefined,
      CACHE_STORAGE: undefined,
      PORT: '0',
      ...env,
    },
    echo: false,
    timeoutMs: 60_000,
  });

describe('atlas-cache-server bin', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-server-cli-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start without a token, in one line', async () => {
    const result = await runBin({ CACHE_STORAGE: `file:${join(dir, 'unused')}` });
    expect(result.exitCode).toBe(2);
    expect(result.output.trim().split('\n')).toHaveLength(1);
    expect(result.output).toMatch(/^atlas-cache-server: no access token configured: set CACHE_WRITE_TOKENS/);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
  });

  it('refuses an invalid storage location, in one line', async () => {
    const notAFolder = join(dir, 'a-file');
    await writeFile(notAFolder, 'x');
    for (const storage of ['ftp://somewhere', `file:${notAFolder}`]) {
      const result = await runBin({ CACHE_WRITE_TOKENS: WRITE, CACHE_STORAGE: storage });
      expect(result.exitCode, storage).toBe(2);
      expect(result.output.trim().split('\n'), storage).toHaveLength(1);
      expect(result.output, storage).toMatch(
        /^atlas-cache-server: .*(not a storage location|cannot use storage file:)/,
      );
    }
  });

  it('the single-file bundle of the container image runs with no node_modules in reach', async () => {
    const imageDir = await mkdtemp(join(tmpdir(), 'cache-server-image-'));
    try {
      const bundled = join(imageDir, 'atlas-cache-server.mjs');
      const build = await runProcess(
        [process.execPath, fileURLToPath(new URL('../../scripts/bundle.mjs', import.meta.url)), bundled],
        {
          echo: false,
          timeoutMs: 120_000,
        },
      );
      expect(build.exitCode, build.output).toBe(0);
      const port = await findFreePort();
      const server = spawnSupervised([process.execPath, bundled], {
        cwd: imageDir,
        env: {
          CACHE_WRITE_TOKENS: WRITE,
          CACHE_READ_TOKENS: undefined,
          CACHE_STORAGE: 'file:data',
          PORT: String(port),
          NODE_PATH: undefined,
        },
        echo: false,
      });
      try {
        const base = `http://127.0.0.1:${port}`;
        for (let i = 0; ; i++) {
          try {
            if ((await fetch(`${base}/health`)).status === 200) break;
          } catch {
            if (i > 200) throw new Error(`bundle did not start:\n${server.tail()}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        const body = randomBytes(2048);
        const headers = { authorization: `Bearer ${WRITE}` };
        expect((await fetch(`${base}/v1/cache/4001`, { method: 'PUT', headers, body })).status).toBe(200);
        const back = Buffer.from(await (await fetch(`${base}/v1/cache/4001`, { headers })).arrayBuffer());
        expect(back.equals(body)).toBe(true);
        expect(existsSync(join(imageDir, 'data', '40', '4001'))).toBe(true);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(imageDir, { recursive: true, force: true });
    }
  });

  it('on SIGTERM stops accepting connections, finishes the upload in flight, and exits 0', async () => {
    const storageDir = join(dir, 'store');
    const port = await findFreePort();
    const server = spawnSupervised([process.execPath, BIN], {
      env: {
        CACHE_WRITE_TOKENS: WRITE,
        CACHE_READ_TOKENS: undefined,
        CACHE_STORAGE: `file:${storageDir}`,
        PORT: String(port),
      },
      echo: false,
    });
    try {
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
        } catch {
          if (i > 200) throw new Error(`server did not start:\n${server.tail()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      expect(server.tail()).toContain('"host":"127.0.0.1"');

      const body = randomBytes(10_000);
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((r) => socket.once('connect', () => r()));
      const response = new Promise<string>((r) => {
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
        socket.on('close', () => r(text));
      });
      socket.write(
        `PUT /v1/cache/3001 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${WRITE}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.write(body.subarray(0, 5000));
      for (let i = 0; (await readdir(join(storageDir, '.incoming'))).length === 0; i++) {
        if (i > 200) throw new Error('the upload never reached the storage');
        await new Promise((r) => setTimeout(r, 25));
      }

      server.child.kill('SIGTERM');
      for (let i = 0; !server.tail().includes('"msg":"shutting down"'); i++) {
        if (i > 200) throw new Error(`no shutdown line:\n${server.tail()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();

      socket.write(body.subarray(5000));
      expect(await response, server.tail()).toMatch(/^HTTP\/1\.1 200 /);
      const exit = await server.exited;
      expect(exit.exitCode).toBe(0);
      expect(exit.output).toContain('"msg":"stopped"');
      expect((await readFile(join(storageDir, '30', '3001'))).equals(body)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
