import { describe, expect, it } from 'vitest';
import { runProcess, spawnSupervised } from './process.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runProcess', () => {
  it('passes argv verbatim, without a shell', async () => {
    const result = await runProcess(
      [process.execPath, '-e', 'console.log(process.argv.slice(1).join("|"))', 'a b', '$HOME', ';ls'],
      {
        echo: false,
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.output.trim()).toBe('a b|$HOME|;ls');
  });

  it('reports the exit code and keeps the tail of stdout and stderr', async () => {
    const result = await runProcess(
      [
        process.execPath,
        '-e',
        'for (let i = 0; i < 500; i++) console.log("line " + i); console.error("boom"); process.exit(3)',
      ],
      { echo: false, tailLines: 10 },
    );
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    const lines = result.output.split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(result.output).toContain('boom');
    expect(result.output).not.toContain('line 3\n');
  });

  it('applies extra environment variables and removes undefined ones', async () => {
    process.env['ATLAS_TEST_REMOVE_ME'] = 'present';
    const result = await runProcess(
      [
        process.execPath,
        '-e',
        'console.log(process.env.ATLAS_TEST_SET + "/" + (process.env.ATLAS_TEST_REMOVE_ME ?? "absent"))',
      ],
      { echo: false, env: { ATLAS_TEST_SET: 'yes', ATLAS_TEST_REMOVE_ME: undefined } },
    );
    delete process.env['ATLAS_TEST_REMOVE_ME'];
    expect(result.output.trim()).toBe('yes/absent');
  });

  it('kills the whole process tree on timeout, grandchildren included', async () => {
    // The child starts a grandchild that ignores SIGTERM and prints its pid, then both wait forever.
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('grandchild ' + g.pid);
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const result = await runProcess([process.execPath, '-e', script], {
      echo: false,
      timeoutMs: 1500,
      killGraceMs: 500,
    });
    expect(result.timedOut).toBe(true);
    const grandchild = Number(/grandchild (\d+)/.exec(result.output)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    expect(isAlive(grandchild)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('turns a missing program into a failed result, not a crash', async () => {
    const result = await runProcess(['atlas-no-such-program-xyz'], { echo: false });
    expect(result.exitCode).toBeNull();
    expect(result.output).toContain('ENOENT');
  });
});

describe('spawnSupervised', () => {
  it('stops a long-running server and everything it started', async () => {
    const server = spawnSupervised(
      [process.execPath, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'],
      { echo: false },
    );
    while (!server.tail().includes('ready')) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(server.pid)).toBe(true);
    await server.stop();
    const result = await server.exited;
    expect(result.signal).toBe('SIGTERM');
    expect(isAlive(server.pid)).toBe(false);
  });
});
