import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { noCrossExecutorImports } from './no-cross-executor-imports.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('no-cross-executor-imports', noCrossExecutorImports, {
  valid: [
    {
      filename: '/ws/tools/executors/src/executors/dbt-build/dbt-build.impl.ts',
      code: "import x from './lib/build-args.js';",
    },
    {
      filename: '/ws/tools/executors/src/executors/dbt-build/lib/a.ts',
      code: "import x from '../../../utils/dbt/dbt-run.js';",
    },
    {
      filename: '/ws/tools/executors/src/executors/dbt-build/lib/a.ts',
      code: "import x from '@atlas/runtime';",
    },
    { filename: '/ws/tools/executors/src/testing/harness.ts', code: "import x from '../utils/git/git.js';" },
  ],
  invalid: [
    {
      filename: '/ws/tools/executors/src/executors/image-publish/image-publish.impl.ts',
      code: "import { storeRoots } from '../image-build/image-build.impl.js';",
      errors: [{ messageId: 'cross' }],
    },
    {
      filename: '/ws/tools/executors/src/utils/code-server/smoke.ts',
      code: "export { x } from '../../executors/grpc-smoke/lib/served-assets.js';",
      errors: [{ messageId: 'cross' }],
    },
    {
      filename: '/ws/tools/executors/src/executors/preflight/checks/git.ts',
      code: "const m = await import('../../pages-deploy/lib/git.js');",
      errors: [{ messageId: 'cross' }],
    },
  ],
});
