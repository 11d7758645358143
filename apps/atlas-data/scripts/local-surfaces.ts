/**
 * `npx nx run atlas:dev`: Nx starts every local surface as a continuous task (the targets this one
 * depends on); this prints where each one is and says when each answers, then waits for Ctrl-C.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { localEnvironment } from './local-environment.js';
import { stopWithNx } from './stop-with-nx.js';

const local = localEnvironment();
const SURFACES: ReadonlyArray<{ name: string; url: string; what: string }> = [
  { name: 'site', url: 'http://localhost:3000/', what: 'docs, /api, /lineage/ (website:dev-local)' },
  {
    name: 'atlas-frontend',
    url: 'http://localhost:3001/',
    what: `the customer app on ATLAS_API_URL=${process.env['ATLAS_API_URL'] || 'http://localhost:3002'}`,
  },
  {
    name: 'contributor app',
    url: 'http://localhost:4000/',
    what: 'loads, raw tables, migrations of the local database',
  },
  {
    name: 'Dagster UI',
    url: `http://127.0.0.1:${local.dagsterUiPort}/`,
    what: 'the code location (atlas-data:dev) on the local database',
  },
];
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
