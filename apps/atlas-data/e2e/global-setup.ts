import { mkdirSync, rmSync } from 'node:fs';
import { DEV_E2E_OUTPUT, LOGS_DIR, SCREENSHOTS_DIR } from './output-folders.js';

export default function setup(): void {
  rmSync(DEV_E2E_OUTPUT, { recursive: true, force: true });
  for (const dir of [LOGS_DIR, SCREENSHOTS_DIR]) mkdirSync(dir, { recursive: true });
}
