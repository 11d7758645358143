// Starts an ephemeral PostgreSQL, prints its URL, and waits to be interrupted: used to prove that
// a termination signal still removes the server and its folder.
import { startEphemeralPostgres } from '../ephemeral-postgres.js';

const db = await startEphemeralPostgres();
process.stdout.write(`URL ${db.url} DIR ${db.dataDir}\n`);
setInterval(() => undefined, 1000);
