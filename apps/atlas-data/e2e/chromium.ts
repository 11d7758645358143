import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, or the browser ATLAS_CHROMIUM names. */
function chromiumPath(): string {
  const path = process.env['ATLAS_CHROMIUM']?.trim() || '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(
      `No Chromium at ${path}: install it (Debian: apt-get update && apt-get install -y chromium) or set ATLAS_CHROMIUM to a Chromium or Chrome binary.`,
    );
  return path;
}

/** A headless Chromium with a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
    timeout: 60_000,
  });
}
