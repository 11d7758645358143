#!/usr/bin/env node
// Usage: node tools/scripts/nx-run-summary.mjs <nx output log>  → Markdown on stdout (for $GITHUB_STEP_SUMMARY).
import { readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { parseNxRun, renderSummary } = await import('../executors/src/ci/nx-run-summary.ts');
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: nx-run-summary.mjs <nx output log>\n');
  process.exit(2);
}
process.stdout.write(renderSummary(parseNxRun(readFileSync(file, 'utf8'))));
