import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort, portIsFree } from './free-port.js';

describe('findFreePort', () => {
  it('returns a loopback port that can be bound right away', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(1024);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('hands out different ports to concurrent callers', async () => {
    const ports = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
    expect(new Set(ports).size).toBe(3);
  });
});

describe('portIsFree', () => {
  it('tells a bound port from a free one', async () => {
    const port = await findFreePort();
    expect(await portIsFree(port)).toBe(true);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await portIsFree(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
