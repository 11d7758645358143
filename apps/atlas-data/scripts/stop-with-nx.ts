import { readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * Nx runs a target's command through a shell, and when `nx run` ends on Ctrl-C with several
 * continuous tasks it can leave those shells and everything under them running (nrwl/nx#32438):
 * nothing is signalled. So a local-development process watches the process that started its shell,
 * and once that is gone it sends itself SIGTERM, which runs the same cleanup as Ctrl-C (the runtime's
 * registry: child process groups, the database). Outside Nx the grandparent is the terminal's
 * session, whose end should stop it too.
 */
export function stopWithNx(intervalMs = 1_000): void {
  const shell = process.ppid;
  const starter = parentOf(shell);
  if (starter === undefined || starter <= 1) return;
  const timer = setInterval(() => {
    if (parentOf(shell) !== starter) {
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, intervalMs);
  timer.unref();
}
