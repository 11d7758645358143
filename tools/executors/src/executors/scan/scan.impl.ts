import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { describeFindings, scanForSecrets, type ScanTarget } from '../../utils/secret-scan.js';
import { npmAudit, pipAudit, type AuditResult } from './lib/dependency-audit.js';
import type { ScanExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`scan: ${line}\n`);

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Report one advisory check; the line of what failed, or undefined. */
function judgeAudit(what: string, result: AuditResult, requireAdvisories: boolean): string | undefined {
  if (result.status === 'unavailable') {
    const line = `${what}: not checked here: ${result.reason}`;
    if (requireAdvisories) return `${line} (requireAdvisories is set)`;
    log(`warning: ${line}; it runs where the advisory source answers (CI).`);
    return undefined;
  }
  for (const missing of result.notChecked) log(`warning: ${what}: not checked: ${missing}`);
  if (result.vulnerable.length > 0) return `${what}: ${result.vulnerable.join(', ')}`;
  log(`${what}: ${result.checked} packages checked, no known high or critical advisory.`);
  return undefined;
}

export async function scan(
  options: ScanExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const projectRoot = projectRootOf(context);
    const at = (path: string, option: string) => resolveInWorkspace(context.root, projectRoot, path, option);
    const targets: ScanTarget[] = [];
    if (options.commit ?? true) targets.push({ kind: 'commit', ref: 'HEAD' });
    if (options.image) {
      const archive = at(options.image, 'image');
      targets.push({ kind: 'image', archive, shown: relative(context.root, archive) });
    }
    for (const folder of options.folders ?? []) {
      const path = at(folder, 'folders');
      targets.push({ kind: 'folder', path, shown: relative(context.root, path) });
    }
    const problems: string[] = [];
    for (const target of targets) {
      const started = Date.now();
      const findings = await scanForSecrets({ workspaceRoot: context.root, target, log });
      const what =
        target.kind === 'commit'
          ? "the commit's files"
          : target.kind === 'image'
            ? `${target.shown}'s layers`
            : target.shown;
      if (findings.length > 0) problems.push(`secrets in ${what}: ${describeFindings(findings)}`);
      else log(`gitleaks: no secret in ${what} (${seconds(started)}).`);
    }
    const requireAdvisories = options.requireAdvisories ?? false;
    if (options.npmAudit) {
      const started = Date.now();
      const failed = judgeAudit('npm audit', npmAudit(context.root), requireAdvisories);
      if (failed) problems.push(failed);
      log(`npm audit took ${seconds(started)}.`);
    }
    if (options.pipAudit) {
      const started = Date.now();
      const failed = judgeAudit('pip-audit', await pipAudit(context.root), requireAdvisories);
      if (failed) problems.push(failed);
      log(`pip-audit took ${seconds(started)}.`);
    }
    if (problems.length > 0) {
      throw new ExecutorFailure(
        `The scan failed, so nothing may be published: ${problems.join('; ')}. Remove (and rotate) a leaked secret; bump a vulnerable package.`,
      );
    }
    return { success: true };
  } catch (error) {
    return failExecutor('scan', error);
  }
}

export default function scanExecutor(
  options: ScanExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return scan(options, context);
}
