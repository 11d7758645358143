/**
 * Runs a local-development server (a dev server of the site or an app in `atlas:dev`) in a process
 * group of its own, and stops that whole group on Ctrl-C, on a termination signal, or when the
 * `nx run` that started it is gone (stop-with-nx.ts).
 *
 * Usage: node --import tsx supervise.ts -- <command> [arguments...]
 */
import { spawnSupervised } from '@atlas/runtime';
import { stopWithNx } from './stop-with-nx.js';

const separator = process.argv.indexOf('--');
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
if (command.length === 0) {
  process.stderr.write('supervise: no command: use supervise.ts -- <command> [arguments...]\n');
  process.exit(2);
}
stopWithNx();
const result = await spawnSupervised(command).exited;
process.exit(result.exitCode ?? 1);
