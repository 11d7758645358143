// Ends in the way its argument names, after importing the runtime: used to prove that nothing the
// runtime imports decides the exit status in place of the script.
import { startEphemeralPostgres } from '../index.js';

const mode = process.argv[2];
if (mode === 'exit-code') {
  process.exitCode = 3;
} else if (mode === 'exit-code-after-database') {
  const db = await startEphemeralPostgres();
  await db.stop();
  process.exitCode = 4;
} else if (mode === 'exit-while-database-runs') {
  const db = await startEphemeralPostgres();
  process.stdout.write(`URL ${db.url} DIR ${db.dataDir}\n`);
  process.exit(5);
} else if (mode === 'rejection') {
  await Promise.reject(new Error('unhandled on purpose'));
} else {
  process.stderr.write(`exit-status fixture: unknown mode ${mode}\n`);
  process.exit(2);
}
