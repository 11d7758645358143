/**
 * `npx nx run atlas:dev`: Nx starts every local surface as a continuous task (the targets this one
 * depends on); this prints where each one is and says when each answers, then waits for Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { workspaceRoot } from '@atlas/runtime';
import { localEnvironment } from './local-environment.js';
import { stopWithNx } from './stop-with-nx.js';

interface Surface {
  name: string;
  project: string;
  target?: string;
  port?: number;
  url?: string;
  env?: Record<string, string>;
  what: string;
}

// The surfaces the root's dev target depends on (the workspace plugin infers it from the same file).
const { surfaces } = JSON.parse(readFileSync(join(workspaceRoot, 'local-dev.json'), 'utf8')) as {
  surfaces: Surface[];
};
const local = (() => {
  try {
    return localEnvironment();
  } catch (error) {
    process.stderr.write(`atlas:dev: ${(error as Error).message}\n`);
    process.exit(2);
  }
})();
const SURFACES = surfaces.map((s) => {
  // The Dagster UI's port can be moved (ATLAS_DAGSTER_UI_PORT); the dev servers' are fixed.
  const url =
    s.project === 'atlas-data'
      ? `http://127.0.0.1:${local.dagsterUiPort}/`
      : (s.url ?? `http://localhost:${s.port}/`);
  const env = Object.entries(s.env ?? {})
    .map(([name, fallback]) => `${name}=${process.env[name] || fallback}`)
    .join(' ');
  return { name: s.name, url, what: env ? `${s.what}; ${env}` : s.what };
});
const DEADLINE_MS = 20 * 60_000;

const say = (line: string) => process.stdout.write(`atlas:dev: ${line}\n`);

async function answers(url: string): Promise<boolean> {
  try {
    // Any HTTP answer counts: a Next.js dev server compiles the page on the first request.
    await fetch(url, { signal: AbortSignal.timeout(120_000) });
    return true;
  } catch {
    return false;
  }
}

stopWithNx();
say('starting the local surfaces:');
for (const s of SURFACES) say(`  ${s.name.padEnd(16)} ${s.url.padEnd(26)} ${s.what}`);
const deadline = Date.now() + DEADLINE_MS;
const waiting = new Set(SURFACES);
while (waiting.size > 0 && Date.now() < deadline) {
  for (const surface of [...waiting]) {
    if (await answers(surface.url)) {
      say(`up: ${surface.name} on ${surface.url}`);
      waiting.delete(surface);
    }
  }
  if (waiting.size > 0) await sleep(2_000);
}
if (waiting.size > 0)
  say(
    `not answering after ${DEADLINE_MS / 60_000} minutes: ${[...waiting].map((s) => s.name).join(', ')} (see their output above)`,
  );
else say('every local surface answers (Ctrl-C stops them all)');
// Until Ctrl-C (or the end of the nx run), which stops every surface.
setInterval(() => undefined, 60_000);
