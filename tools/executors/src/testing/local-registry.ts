import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, runProcess, spawnSupervised, venvBin } from '@atlas/runtime';

export interface LocalRegistry {
  /** 127.0.0.1:<port> */
  host: string;
  /** Folder of the registry's config and storage (removed by stop). */
  dir: string;
  stop(): Promise<void>;
}

/** A bcrypt hash for an htpasswd file (the registry accepts only bcrypt), from the root .venv's Python. */
async function bcrypt(password: string): Promise<string> {
  const script = 'import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))';
  const result = await runProcess([venvBin('python'), '-W', 'ignore', '-c', script, password], {
    echo: false,
    timeoutMs: 30_000,
  });
  const hash = result.output.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !hash.startsWith('$2'))
    throw new Error(`Could not make a bcrypt hash: ${result.output}`);
  return hash;
}

/**
 * Debian's docker-registry (distribution 2.8) on a free loopback port, with its storage and config in
 * a temp folder, optionally behind htpasswd (Basic) auth. stop() kills it and removes the folder.
 */
export async function startLocalRegistry(
  options: { username?: string; password?: string } = {},
): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-registry-'));
  const port = await findFreePort();
  const host = `127.0.0.1:${port}`;
  mkdirSync(join(dir, 'storage'));
  const auth: string[] = [];
  if (options.username && options.password) {
    writeFileSync(join(dir, 'htpasswd'), `${options.username}:${await bcrypt(options.password)}\n`);
    auth.push('auth:', '  htpasswd:', '    realm: atlas-test', `    path: ${join(dir, 'htpasswd')}`);
  }
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'storage')}`,
      '  delete:',
      '    enabled: false',
      'http:',
      `  addr: ${host}`,
      ...auth,
      '',
    ].join('\n'),
  );
  const server = spawnSupervised(['docker-registry', 'serve', join(dir, 'config.yml')], {
    echo: false,
    label: 'registry',
  });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  for (;;) {
    try {
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200 || response.status === 401) return { host, dir, stop };
    } catch {
      // not listening yet
    }
    if (exited || Date.now() > deadline) {
      const tail = server.tail();
      await stop();
      throw new Error(
        `docker-registry did not start on ${host}: ${tail || 'no output'} (is the docker-registry package installed?)`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
