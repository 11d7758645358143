import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { E2E_OUTPUT, LOGS_DIR, RUN_TEMP_DIR, SCREENSHOTS_DIR } from './output-folders.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The temporary folder of whoever started the run (the system one), which the run must not use. */
    systemTempDir: string;
  }
}

/** Before the first test file: fresh output folders; the caller's temporary folder for the checks. */
export default function setup(project: TestProject): () => void {
  rmSync(E2E_OUTPUT, { recursive: true, force: true });
  for (const dir of [SCREENSHOTS_DIR, LOGS_DIR, RUN_TEMP_DIR]) mkdirSync(dir, { recursive: true });
  project.provide('systemTempDir', tmpdir());
  // After the last test file: the temporary folder goes; the screenshots and logs stay to be looked at.
  return () => rmSync(RUN_TEMP_DIR, { recursive: true, force: true });
}
