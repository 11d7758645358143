import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artefactName, SCREENSHOTS_DIR } from './output-folders.js';

/** Save what `page` shows as test-output/e2e/screenshots/<test name>.png; returns the file. */
export async function saveScreenshot(page: Page, testName: string): Promise<string> {
  const path = join(SCREENSHOTS_DIR, `${artefactName(testName)}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
