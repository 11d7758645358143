import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
// Explicit: nothing may keep a finished CLI alive, and the code must survive any exit hook.
process.exit(code);
