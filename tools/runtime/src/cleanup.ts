import { constants } from 'node:os';

/**
 * Process-wide cleanup registry. Resources that must not outlive a run (child process groups,
 * embedded databases, temp folders) register here, so Ctrl-C or a termination signal still
 * releases them before the process exits.
 */
type Cleanup = () => Promise<void> | void;

const cleanups = new Set<Cleanup>();
let handlersInstalled = false;

async function runAll(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  await Promise.allSettled(pending.map(async (fn) => fn()));
}

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      // Silent when nothing is held: a test runner stopping its idle workers is not news.
      if (cleanups.size > 0)
        process.stderr.write(`\nReceived ${signal}: releasing child processes and temporary databases...\n`);
      // The shell's convention for death by a signal (130, 143, 129), so a caller still sees a failure.
      void runAll().finally(() => process.exit(128 + constants.signals[signal]));
    });
  }
}

/** Register a cleanup to run on a termination signal; call the returned function once it ran normally. */
export function registerCleanup(fn: Cleanup): () => void {
  installSignalHandlers();
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}
