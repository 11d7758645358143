import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, spawnSupervised, type SupervisedProcess } from '@atlas/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { LOGS_DIR } from './output-folders.js';

const siteDir = fileURLToPath(new URL('..', import.meta.url));
const docusaurus = join(siteDir, '..', '..', 'node_modules', '.bin', 'docusaurus');

/** GET `url` until it answers (the dev server holds requests until its first compile is done). */
async function waitForStatus(
  url: string,
  server: SupervisedProcess,
  deadlineMs: number,
): Promise<{ status: number; body: string }> {
  let lastError = '';
  while (Date.now() < deadlineMs) {
    if (server.child.exitCode !== null)
      throw new Error(
        `the dev server exited (${server.child.exitCode}) before ${url} answered:\n${server.tail()}`,
      );
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(Math.max(1_000, deadlineMs - Date.now())),
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      lastError = String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  throw new Error(`${url} did not answer in time (${lastError}):\n${server.tail()}`);
}

describe('website:serve (docusaurus start)', () => {
  let server: SupervisedProcess | undefined;
  let log: WriteStream | undefined;

  afterAll(async () => {
    // Stops the whole process group: the dev server and its workers.
    if (!server) return;
    const { pid } = server;
    await server.stop();
    await new Promise((resolveEnd) => log?.end(resolveEnd));
    expect(() => process.kill(-pid, 0), 'the dev server process group is gone').toThrow();
  });

  it('answers on /, /api, /openapi.json and /lineage/', async () => {
    expect(
      existsSync(join(siteDir, 'static', 'lineage', 'index.html')),
      'static/lineage/index.html (website:site-assets copies it)',
    ).toBe(true);
    const port = await findFreePort();
    server = spawnSupervised(
      [docusaurus, 'start', '--host', '127.0.0.1', '--port', String(port), '--no-open'],
      {
        cwd: siteDir,
        echo: false,
        env: { NO_UPDATE_NOTIFIER: '1', BROWSER: 'none', FORCE_COLOR: '0' },
      },
    );
    // Everything the dev server says, for when it fails to answer.
    log = createWriteStream(join(LOGS_DIR, 'dev-server.log'));
    server.child.stdout?.pipe(log, { end: false });
    server.child.stderr?.pipe(log, { end: false });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 9 * 60_000;
    const home = await waitForStatus(`${base}/`, server, deadline);
    expect(home.status).toBe(200);
    expect(home.body).toContain('<div id="__docusaurus">');
    const api = await waitForStatus(`${base}/api`, server, deadline);
    expect(api.status).toBe(200);
    const spec = await waitForStatus(`${base}/openapi.json`, server, deadline);
    expect(spec.status).toBe(200);
    expect(JSON.parse(spec.body)).toMatchObject({ info: { title: 'Atlas public API' } });
    const lineage = await waitForStatus(`${base}/lineage/`, server, deadline);
    expect(lineage.status).toBe(200);
    expect(lineage.body).toContain('dbt');
  });
});
