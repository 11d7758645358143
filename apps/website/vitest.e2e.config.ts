import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import { runTempEnv } from './e2e/output-folders';

const TEMP_FOLDER_CHECK = 'e2e/temp-folder.e2e.spec.ts';

/** The check of what the run left in its temporary folder runs after every other test file. */
class TempFolderCheckLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isCheck = (file: TestSpecification) => file.moduleId.endsWith(TEMP_FOLDER_CHECK);
    return [...sorted.filter((file) => !isCheck(file)), ...sorted.filter(isCheck)];
  }
}

// Browser tests on the built site and the dev-server check (target `e2e`, after `build`).
// One file at a time: each starts a browser or a dev server, and the machine may be small.
// Screenshots, server logs and every temporary file of the test processes (and of the browsers and
// servers they start) go under test-output/e2e: see e2e/output-folders.ts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['./e2e/global-setup.ts'],
    env: runTempEnv(),
    sequence: { sequencer: TempFolderCheckLast },
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
