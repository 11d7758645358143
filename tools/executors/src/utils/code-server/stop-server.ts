import type { SupervisedProcess } from '@atlas/runtime';

/**
 * Stop a dagster code server and its process group. `dagster api grpc` ignores SIGTERM while it is
 * loading or serving (measured: it stays up), but shuts down on SIGINT; so SIGINT first, and the
 * supervisor's SIGTERM-then-SIGKILL for whatever is still there after the grace period.
 */
export async function stopCodeServer(server: SupervisedProcess, graceMs = 5000): Promise<void> {
  try {
    process.kill(-server.pid, 'SIGINT');
  } catch {
    // Already gone.
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([server.exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  await server.stop();
  await server.exited;
}
