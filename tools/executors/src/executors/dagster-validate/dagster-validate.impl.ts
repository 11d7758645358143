import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup, runProcess, venvBin } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { describeLoadError, judgeImport, summarize, type ImportReport } from './lib/import-report.js';
import { normalizeOptions, type NormalizedDagsterValidateOptions } from './lib/normalize-options.js';
import { validationErrorLine } from './lib/validate-output.js';
import type { DagsterValidateExecutorSchema } from './schema.js';

const HARNESS = join(dirname(fileURLToPath(import.meta.url)), 'lib', 'import_check.py');

/** Import the module under the network guard and the clock, in a fresh interpreter. */
async function checkImport(
  options: NormalizedDagsterValidateOptions,
  scratch: string,
): Promise<ImportReport> {
  const reportPath = join(scratch, 'import-report.json');
  const result = await runProcess([venvBin('python'), HARNESS, options.module, reportPath], {
    cwd: options.cwd,
    env: { ...options.env, DAGSTER_HOME: scratch, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: options.timeoutMs,
    echo: false,
    tailLines: 20,
  });
  if (result.timedOut) {
    throw new ExecutorFailure(
      `Importing ${options.module} did not finish within ${options.timeoutMs / 1000} s (stopped); ` +
        'something at module scope blocks or loops: move it into an asset or resource.',
    );
  }
  if (result.exitCode !== 0) {
    const last = result.output.trim().split('\n').at(-1) ?? '';
    throw new ExecutorFailure(
      `The import check could not run (exit ${result.exitCode ?? result.signal}): ${last}`,
    );
  }
  return JSON.parse(readFileSync(reportPath, 'utf8')) as ImportReport;
}

async function validateDefinitions(
  options: NormalizedDagsterValidateOptions,
  scratch: string,
): Promise<string | undefined> {
  const result = await runProcess([venvBin('dagster'), 'definitions', 'validate', '-m', options.module], {
    cwd: options.cwd,
    env: { ...options.env, DAGSTER_HOME: scratch, PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: options.timeoutMs,
    echo: false,
  });
  if (result.timedOut)
    return `dagster definitions validate did not finish within ${options.timeoutMs / 1000} s (stopped).`;
  if (result.exitCode === 0) return undefined;
  process.stderr.write(`${result.output.trim()}\n`);
  const cause = validationErrorLine(result.output) ?? `exit code ${result.exitCode ?? result.signal}`;
  return `dagster definitions validate fails for ${options.module}: ${cause}`;
}

export default async function dagsterValidateExecutor(
  rawOptions: DagsterValidateExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-dagster-validate-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  try {
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context));
    const report = await checkImport(options, scratch);
    const broken = judgeImport(report, options.importBudgetSeconds, context.root);
    if (broken) throw new ExecutorFailure(broken);

    const invalid = (await validateDefinitions(options, scratch)) ?? describeLoadError(report, context.root);
    if (invalid) throw new ExecutorFailure(invalid);

    mkdirSync(dirname(options.reportFile), { recursive: true });
    const { module, counts, import_seconds, load_seconds } = report;
    writeFileSync(
      options.reportFile,
      `${JSON.stringify({ module, counts, importSeconds: import_seconds, loadSeconds: load_seconds, importBudgetSeconds: options.importBudgetSeconds, validated: true }, null, 2)}\n`,
    );
    process.stdout.write(`${summarize(report, options.importBudgetSeconds)}\n`);
    return { success: true };
  } catch (error) {
    return failExecutor('dagster-validate', error);
  } finally {
    removeScratch();
    unregister();
  }
}
