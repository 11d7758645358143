import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temp folder of a spec's own, made the process's TMPDIR while the spec runs (os.tmpdir() and
 * child processes follow it), so "nothing left behind" can be checked exactly even while other
 * spec files run in parallel and create folders with the same prefixes.
 */
export function privateTempDir(prefix: string): { enter(): void; leave(): string[] } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Sticky and world-writable like /tmp: embedded PostgreSQL runs initdb as another user.
  chmodSync(dir, 0o1777);
  const saved = process.env['TMPDIR'];
  return {
    enter: () => {
      process.env['TMPDIR'] = dir;
    },
    /** Restore TMPDIR, remove the folder, and return what was still in it. */
    leave: () => {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
      const left = readdirSync(dir).sort();
      rmSync(dir, { recursive: true, force: true });
      return left;
    },
  };
}
