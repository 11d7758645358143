import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { DOCS_SECTIONS, SITE_SECTIONS } from '../src/site-sections.js';
import { watchPage } from './page-problems.js';
import { saveScreenshot } from './screenshot.js';
import { serveStatic, type StaticServer } from './static-server.js';

const buildDir = fileURLToPath(new URL('../build', import.meta.url));

/** The operations of the API contract (GET /v1/... and its summary), as Scalar must show them. */
const snapshot = JSON.parse(
  readFileSync(new URL('../../../libs/dbt-project/api/openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<string, { get?: { summary?: string } }>;
};
const OPERATIONS = Object.entries(snapshot.paths).map(([path, item]) => ({
  path,
  summary: item.get?.summary ?? '',
}));

describe('the built site in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    expect(OPERATIONS.length).toBeGreaterThan(0);
    if (!existsSync(join(buildDir, 'index.html'))) {
      throw new Error(
        'apps/website/build/index.html is missing: run `npx nx run website:build` first (website:e2e does).',
      );
    }
    server = await serveStatic(buildDir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Open `path` in a new page (closing the one before: a test may look at several). */
  async function open(path: string): Promise<void> {
    if (page && !page.isClosed()) await page.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    problems = watchPage(page);
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), `HTTP status of ${path}`).toBe(200);
  }

  afterEach(async (context) => {
    if (!page) return;
    // What the page showed when the test ended, passed or failed (a closed page has nothing to show).
    await saveScreenshot(page, context.task.name).catch(() => undefined);
    await page.close();
  });

  /** The sidebar's top-level categories: their labels and the index page each links to. */
  async function sidebarCategories(): Promise<{ label: string; href: string | null; pages: number }[]> {
    const categories = page.locator('nav.menu li.theme-doc-sidebar-item-category-level-1');
    await categories.first().waitFor({ timeout: 10_000 });
    return categories.evaluateAll((items) =>
      items.map((item) => {
        const link = item.querySelector(':scope > .menu__list-item-collapsible > a.menu__link');
        return {
          label: link?.textContent?.trim() ?? '',
          href: link?.getAttribute('href') ?? null,
          pages: item.querySelectorAll(':scope > ul.menu__list > li a.menu__link').length,
        };
      }),
    );
  }

  it('renders the home page with its entries into the docs, the API and the lineage', async () => {
    await open('/');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Atlas');
    const main = page.locator('main');
    for (const { label } of SITE_SECTIONS) {
      await main.getByRole('heading', { name: label, exact: true }).waitFor({ timeout: 10_000 });
    }
    // The lineage is a static folder: a plain link that stays in this tab.
    await expect(main.locator('a[href="/lineage/"]').getAttribute('target')).resolves.toBe('_self');
    expect(problems).toEqual([]);
  });

  it('answers /docs/ with the docs landing page and the sidebar in categories', async () => {
    await open('/docs/');
    await page.waitForURL(`${server.url}/docs`);
    await expect(page.locator('article h1').textContent()).resolves.toBe('Atlas documentation');
    for (const { label } of DOCS_SECTIONS) {
      await page.locator('article').getByRole('heading', { name: label, exact: true }).waitFor();
    }
    expect(await sidebarCategories()).toEqual([
      { label: 'Getting started', href: '/docs/getting-started', pages: 1 },
      { label: 'Architecture and data flow', href: '/docs/architecture', pages: 2 },
      { label: 'The pipeline and deploy', href: '/docs/pipeline', pages: 2 },
      { label: 'Runbooks', href: '/docs/runbooks', pages: 1 },
    ]);
    await expect(page.locator('nav.menu a.menu__link--active').textContent()).resolves.toBe('Overview');
    expect(problems).toEqual([]);
  });

  it('gives every docs category an index page, with or without a trailing slash', async () => {
    for (const section of DOCS_SECTIONS) {
      for (const path of [`/docs/${section.folder}`, `/docs/${section.folder}/`]) {
        await open(path);
        await page.waitForURL(`${server.url}/docs/${section.folder}`);
        await expect(page.locator('article h1').textContent()).resolves.not.toBe('');
        await expect(
          page.locator('nav.menu a.menu__link--active').textContent(),
          `the sidebar marks ${section.label} as the page shown at ${path}`,
        ).resolves.toBe(section.label);
        expect(problems, path).toEqual([]);
      }
    }
  });

  it('sends the old address of a moved page, anchor included, to its new place', async () => {
    await open('/docs/data-flow#orchestration');
    await page.waitForURL(`${server.url}/docs/architecture/data-flow#orchestration`);
    await expect(page.locator('article h1').textContent()).resolves.toBe('How the data flows');
    expect(problems).toEqual([]);
  });

  it('renders a docs page with the sidebar', async () => {
    await open('/docs/architecture');
    await expect(page.locator('article h1').textContent()).resolves.toBe('Architecture');
    await page
      .locator('article table')
      .getByText('tools/cache-server', { exact: true })
      .waitFor({ timeout: 10_000 });
    await page
      .locator('nav.menu')
      .getByRole('link', { name: 'Deploying and rolling back' })
      .waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
  });

  it('navigates from the home page to a docs page inside the app', async () => {
    await open('/');
    await page
      .locator('main')
      .getByRole('link', { name: /Runbooks/ })
      .click();
    await page.waitForURL(`${server.url}/docs/runbooks`);
    await expect(page.locator('article h1').textContent()).resolves.toBe('Runbooks');
    expect(problems).toEqual([]);
  });

  it('lists every operation of the API at /api', async () => {
    await open('/api');
    const specRequest = page
      .waitForResponse((r) => r.url() === `${server.url}/openapi.json`, { timeout: 60_000 })
      .catch(() => undefined);
    for (const { summary } of OPERATIONS) {
      await page.getByText(summary, { exact: true }).first().waitFor({ timeout: 60_000 });
    }
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const { path } of OPERATIONS) expect(text).toContain(path);
    expect(text).toContain('Atlas public API');
    await specRequest;
    expect(problems).toEqual([]);
  });

  it('serves the dbt docs at /lineage/ with the models of the dbt project', async () => {
    await open('/lineage/#!/model/model.atlas.dim_kommune');
    // The model page of dim_kommune: its name as the title and its columns.
    await page
      .locator('h1')
      .filter({ hasText: 'dim_kommune' })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    await page
      .getByText('fylkesnavn', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    // The project tree holds every model, collapsed.
    const tree = (await page.locator('body').textContent()) ?? '';
    for (const model of ['stg_kommuner', 'fct_kommune_indicator', 'api_v1_kommuner'])
      expect(tree).toContain(model);
    expect(problems).toEqual([]);
  });

  it('answers an unknown path with the site 404 page', async () => {
    page = await browser.newPage();
    problems = watchPage(page);
    const response = await page.goto(`${server.url}/docs/no-such-page`);
    expect(response?.status()).toBe(404);
    await page.getByText('Page Not Found').first().waitFor({ timeout: 10_000 });
  });
});
