/**
 * Runs a command with ATLAS_DATABASE_URL pointing at the local database: the one `atlas-data:dev`
 * serves (it writes the URL once the server is up; waited for), or ATLAS_DATABASE_URL as it is when
 * set. For the local surfaces that read the database, e.g. the contributor app in `atlas:dev`. The
 * command runs in a process group of its own, stopped on Ctrl-C or when the `nx run` that started it
 * is gone (stop-with-nx.ts).
 *
 * Usage: node --import tsx with-local-database.ts -- <command> [arguments...]
 */
import { spawnSupervised } from '@atlas/runtime';
import { localEnvironment, waitForLocalDatabaseUrl } from './local-environment.js';
import { stopWithNx } from './stop-with-nx.js';

const separator = process.argv.indexOf('--');
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
if (command.length === 0) {
  process.stderr.write(
    'with-local-database: no command: use with-local-database.ts -- <command> [arguments...]\n',
  );
  process.exit(2);
}

stopWithNx();
try {
  const url = await waitForLocalDatabaseUrl(localEnvironment());
  // Its own process group, stopped with this process (Ctrl-C) through the runtime's cleanup.
  const child = spawnSupervised(command, { env: { ATLAS_DATABASE_URL: url } });
  const result = await child.exited;
  process.exit(result.exitCode ?? 1);
} catch (error) {
  process.stderr.write(`with-local-database: ${(error as Error).message}\n`);
  process.exit(1);
}
