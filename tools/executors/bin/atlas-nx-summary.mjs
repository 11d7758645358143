#!/usr/bin/env node
// Usage: npx atlas-nx-summary <nx output log>  → Markdown on stdout (for $GITHUB_STEP_SUMMARY).
import { readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { parseNxRun, renderSummary } = await import('../src/ci/nx-run-summary.ts');
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: atlas-nx-summary <nx output log>\n');
  process.exit(2);
}
let log;
try {
  log = readFileSync(file, 'utf8');
} catch (error) {
  process.stderr.write(
    `atlas-nx-summary: cannot read ${file} (${error.code ?? error.message}): pass the file the nx output was saved to, e.g. \`npx nx affected -t test | tee nx.log\`.\n`,
  );
  process.exit(2);
}
process.stdout.write(renderSummary(parseNxRun(log)));
