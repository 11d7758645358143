import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { relative, sep } from 'node:path';
import { spawnSupervised } from '@atlas/runtime';
import { describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { E2E_OUTPUT, RUN_TEMP_DIR, SCREENSHOTS_DIR, TEMP_CACHES } from './output-folders.js';
import { saveScreenshot } from './screenshot.js';

// Runs after every other test file of the run (see the sequencer in vitest.e2e.config.ts), so what it
// finds in the run's temporary folder is what the browsers, servers and tests before it left there.

const isInside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
};

describe("the run's temporary files", () => {
  const systemTempDir = inject('systemTempDir');

  it('go to a folder under test-output/e2e, not to the system temporary folder', async () => {
    expect(tmpdir()).toBe(RUN_TEMP_DIR);
    expect(isInside(E2E_OUTPUT, RUN_TEMP_DIR)).toBe(true);
    expect(isInside(RUN_TEMP_DIR, systemTempDir) || RUN_TEMP_DIR === systemTempDir).toBe(false);

    // A process the tests start (the dev server is one) gets the same folder.
    const child = spawnSupervised([process.execPath, '-e', 'console.log(require("node:os").tmpdir())'], {
      echo: false,
    });
    const { exitCode, output } = await child.exited;
    expect(exitCode).toBe(0);
    expect(output.trim()).toBe(RUN_TEMP_DIR);

    // Chromium keeps its profile there; the screenshot of its page goes to test-output/e2e/screenshots.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto('chrome://version');
      const profilePath = (await page.locator('#profile_path').textContent())?.trim() ?? '';
      expect(isInside(RUN_TEMP_DIR, profilePath), `Chromium's profile ${profilePath}`).toBe(true);
      const screenshot = await saveScreenshot(page, 'chromium version');
      expect(isInside(SCREENSHOTS_DIR, screenshot)).toBe(true);
      expect(existsSync(screenshot)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('are gone when the tests are done, but for the caches tools keep there on purpose', () => {
    const left = readdirSync(RUN_TEMP_DIR).filter((name) => !TEMP_CACHES.includes(name));
    expect(left, `left in ${RUN_TEMP_DIR} by the browsers, servers and tests of this run`).toEqual([]);
  });
});
