import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, venvBin, withDatabaseClient, workspaceRoot } from '@atlas/runtime';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { assertPortsFree, NxSession } from './nx-session.js';
import { LOCAL_DIR, LOGS_DIR, SCREENSHOTS_DIR } from './output-folders.js';
import { localEnvironment } from '../scripts/local-environment.js';

const READY = /atlas-data:dev: ready: Dagster UI on (http:\/\/127\.0\.0\.1:(\d+))/;
const START_TIMEOUT_MS = 20 * 60_000;
const LOCATION = 'atlas_data.definitions';

interface AssetOfDefinitions {
  path: string[];
  group: string;
}

/** Every materializable asset of the code location, with its group, read from the definitions themselves. */
function assetsOfDefinitions(): AssetOfDefinitions[] {
  const script = [
    'import json',
    'from atlas_data.definitions import defs',
    'graph = defs().resolve_asset_graph()',
    'print(json.dumps([{"path": k.path, "group": graph.get(k).group_name}',
    '  for k in graph.get_all_asset_keys() if graph.get(k).is_materializable]))',
  ].join('\n');
  const out = execFileSync(venvBin('python'), ['-c', script], {
    cwd: join(workspaceRoot, 'apps/atlas-data'),
    // The manifest atlas-data:dev parsed at its start.
    env: {
      ...process.env,
      ATLAS_DBT_TARGET_PATH: localEnvironment({ ATLAS_LOCAL_DIR: LOCAL_DIR }).dbtManifestDir,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as AssetOfDefinitions[];
}

async function dismissCommunityDialog(page: Page): Promise<void> {
  const skip = page.getByRole('button', { name: 'Skip' });
  if (await skip.isVisible().catch(() => false)) await skip.click();
}

/** The text of every node the asset graph on the page draws (asset nodes, group nodes). */
async function graphNodeTexts(page: Page): Promise<string[]> {
  return page.$$eval('foreignObject', (nodes) =>
    nodes.map((n) => (n.textContent ?? '').trim()).filter(Boolean),
  );
}

/** Polls the graph until `expected(texts)` holds; returns the last texts either way. */
async function waitForGraph(
  page: Page,
  expected: (texts: string[]) => boolean,
  timeoutMs = 90_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    await dismissCommunityDialog(page);
    texts = await graphNodeTexts(page);
    if (expected(texts)) break;
    await page.waitForTimeout(1_000);
  }
  return texts;
}

async function loadCounts(url: string): Promise<{ loads: number; kommuner: number }> {
  return withDatabaseClient(url, async (c) => {
    const { rows } = await c.query<{ loads: number; kommuner: number }>(
      "select (select count(*)::int from raw._loads where status = 'succeeded') as loads, (select count(*)::int from api_v1.kommuner) as kommuner",
    );
    return rows[0] as { loads: number; kommuner: number };
  });
}

describe('atlas-data:dev (dagster dev on the local database)', () => {
  const sessions: NxSession[] = [];
  const localDir = join(workspaceRoot, LOCAL_DIR);
  let env: Record<string, string> = {};
  let before: { loads: number; kommuner: number } | undefined;

  afterAll(() => {
    for (const session of sessions) session.killAll();
  });

  it('serves the Dagster UI on its port with every asset in the asset graph, and Ctrl-C leaves nothing running', async () => {
    const uiPort = await findFreePort();
    const postgresPort = await findFreePort();
    await assertPortsFree([uiPort, postgresPort]);
    env = {
      ATLAS_LOCAL_DIR: LOCAL_DIR,
      ATLAS_DAGSTER_UI_PORT: String(uiPort),
      ATLAS_LOCAL_POSTGRES_PORT: String(postgresPort),
    };
    const session = new NxSession('atlas-data:dev', env, join(LOGS_DIR, 'first-start.log'));
    sessions.push(session);
    const [, ui, printedPort] = await session.waitFor(READY, START_TIMEOUT_MS);
    expect(printedPort).toBe(String(uiPort));
    expect(session.text()).toContain('the database is migrated, loaded and built');

    const url = readFileSync(join(localDir, 'database-url'), 'utf8').trim();
    before = await loadCounts(url);
    expect(before.loads).toBeGreaterThan(0);
    expect(before.kommuner).toBeGreaterThan(300);

    const assets = assetsOfDefinitions();
    const groups = [...new Set(assets.map((a) => a.group))].sort();
    expect(groups.length).toBeGreaterThan(1);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      // The global lineage draws one node per group with its asset count.
      await page.goto(`${ui}/asset-groups`, { waitUntil: 'domcontentloaded' });
      const groupNodes = groups.map((g) => `${g}${assets.filter((a) => a.group === g).length}`);
      const global = await waitForGraph(page, (texts) => groupNodes.every((n) => texts.includes(n)));
      await page.screenshot({ path: join(SCREENSHOTS_DIR, 'global-lineage.png') });
      expect(global).toEqual(expect.arrayContaining(groupNodes));
      // Each group's lineage draws every asset of the group as a node of its own (with its latest event).
      for (const group of groups) {
        const names = assets.filter((a) => a.group === group).map((a) => a.path[a.path.length - 1] as string);
        await page.goto(`${ui}/locations/${LOCATION}/asset-groups/${group}/lineage`, {
          waitUntil: 'domcontentloaded',
        });
        const own = (texts: string[]) =>
          names.filter((name) => texts.some((t) => t.startsWith(`${name}Latest event`)));
        const texts = await waitForGraph(page, (t) => own(t).length === names.length);
        await page.screenshot({ path: join(SCREENSHOTS_DIR, `group-${group}.png`) });
        expect(own(texts).sort(), `asset nodes of group ${group}`).toEqual([...names].sort());
      }
    } finally {
      await browser.close();
    }

    await session.interrupt();
    expect(await session.settled()).toEqual([]);
    await assertPortsFree([uiPort, postgresPort]);
    expect(existsSync(join(localDir, 'database-url')), 'the URL file goes with the server').toBe(false);
    expect(existsSync(join(localDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(localDir, 'postgres', 'postmaster.pid')), 'PostgreSQL shut down cleanly').toBe(
      false,
    );
  });

  it('starts again on the same database, already built, and stops cleanly again', async () => {
    expect(before, 'the first start ran').toBeDefined();
    const session = new NxSession('atlas-data:dev', env, join(LOGS_DIR, 'second-start.log'));
    sessions.push(session);
    await session.waitFor(READY, START_TIMEOUT_MS);
    expect(session.text()).toContain('the database was built by an earlier start');
    expect(session.text()).not.toContain('materializing every asset');
    const url = readFileSync(join(localDir, 'database-url'), 'utf8').trim();
    expect(await loadCounts(url)).toEqual(before);
    await session.interrupt();
    expect(await session.settled()).toEqual([]);
  });
});
