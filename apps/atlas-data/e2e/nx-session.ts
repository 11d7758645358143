import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { portIsFree, workspaceRoot } from '@atlas/runtime';

/** The environment variable every process of a session inherits, so the test can find them all. */
const MARK = 'ATLAS_E2E_SESSION';

/**
 * `nx run <target>` in a pseudo-terminal of its own (util-linux `script`), as a developer runs it:
 * Ctrl-C is the byte the terminal turns into SIGINT for the foreground processes. Every process the
 * session starts carries a marker in its environment, which is how `leftovers()` finds any that
 * outlived it, whatever process group or session it moved to.
 */
export class NxSession {
  readonly mark = randomBytes(8).toString('hex');
  private output = '';
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  readonly exited: Promise<number | null>;

  constructor(target: string, env: Record<string, string>, logFile: string) {
    const nx = join(workspaceRoot, 'node_modules', '.bin', 'nx');
    this.log = createWriteStream(logFile);
    this.child = spawn('script', ['-qefc', `${nx} run ${target}`, '/dev/null'], {
      cwd: workspaceRoot,
      env: {
        ...process.env,
        NX_DAEMON: 'false',
        NX_TUI: 'false',
        NX_ISOLATE_PLUGINS: 'false',
        FORCE_COLOR: '0',
        ...env,
        [MARK]: this.mark,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const collect = (data: Buffer) => {
      this.output += data.toString('utf8');
      this.log.write(data);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolveExit) => this.child.once('close', (code) => resolveExit(code)));
  }

  text(): string {
    return this.output;
  }

  /** Resolves with the first match of `pattern` in the output; fails when the session ends first or time runs out. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (ended || Date.now() > deadline)
        throw new Error(
          `${ended ? 'the session ended' : 'timed out'} before ${pattern} appeared; its output ends with:\n${this.output.slice(-3000)}`,
        );
      await sleep(500);
    }
  }

  /** Ctrl-C in the terminal; resolves once nx has exited. */
  async interrupt(timeoutMs = 120_000): Promise<number | null> {
    this.child.stdin?.write('\x03');
    const code = await Promise.race([this.exited, sleep(timeoutMs).then(() => 'timeout' as const)]);
    if (code === 'timeout') throw new Error(`nx did not exit within ${timeoutMs / 1000} s of Ctrl-C`);
    await new Promise((r) => this.log.end(r));
    return code;
  }

  /** The processes of this session still running (pid and command line). */
  leftovers(): string[] {
    const found: string[] = [];
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        if (environ.split('\0').includes(`${MARK}=${this.mark}`))
          found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
    return found;
  }

  /** Waits until no process of the session is left (their shutdown can take a few seconds). */
  async settled(timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let left = this.leftovers();
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(1_000);
      left = this.leftovers();
    }
    return left;
  }

  /** Last resort when a test fails halfway: nothing of the session may outlive the test. */
  killAll(): void {
    for (const line of this.leftovers()) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Fails with one line naming the ports that something already listens on. */
export async function assertPortsFree(ports: readonly number[]): Promise<void> {
  const busy: number[] = [];
  for (const port of ports) if (!(await portIsFree(port))) busy.push(port);
  if (busy.length > 0)
    throw new Error(
      `ports ${busy.join(', ')} are in use: stop what listens there (a running atlas:dev?) first.`,
    );
}
