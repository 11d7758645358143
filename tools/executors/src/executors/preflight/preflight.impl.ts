import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup, resolveInWorkspace } from '@atlas/runtime';
import { failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { readCodeLocationConfig } from '../../utils/code-location.js';
import { checkDatabase } from './checks/database.js';
import { checkGitRemote } from './checks/git-remote.js';
import { checkCodeLocation, checkDbtProfile, checkPythonEnv } from './checks/python.js';
import { checkRegistry } from './checks/registry.js';
import { renderJson, renderTable } from './report.js';
import type { PreflightCheckName, PreflightExecutorSchema } from './schema.js';
import type { PreflightResult } from './types.js';

/** Run the configured checks one after the other (they share 2 cores with everything else). */
export async function runPreflight(
  options: PreflightExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<PreflightResult[]> {
  const projectDir = join(workspaceRoot, projectRoot);
  const location = readCodeLocationConfig(projectDir);
  const module = options.module ?? location?.module;
  const dbtProject = options.dbtProject
    ? resolveInWorkspace(workspaceRoot, projectRoot, options.dbtProject, 'dbtProject')
    : location?.dbtProject
      ? resolve(projectDir, location.dbtProject)
      : undefined;
  // An environment may live outside the workspace (a CI cache), so an absolute path is fine here.
  const venv = resolve(workspaceRoot, options.pythonEnv ?? '.venv');
  const urlEnv = options.databaseUrlEnv ?? 'ATLAS_DATABASE_URL';
  const url = env[urlEnv] || undefined;
  const configured: PreflightCheckName[] = [
    ...(options.repository ? (['registry'] as const) : []),
    ...(options.gitRemote ? (['git-remote'] as const) : []),
    'database',
    'python',
    ...(dbtProject ? (['dbt'] as const) : []),
    ...(module ? (['code-location'] as const) : []),
  ];
  const wanted = options.checks?.length ? options.checks : configured;
  const logDir = mkdtempSync(join(tmpdir(), 'atlas-preflight-'));
  const unregister = registerCleanup(() => rmSync(logDir, { recursive: true, force: true }));
  const results: PreflightResult[] = [];
  try {
    for (const name of wanted) {
      switch (name) {
        case 'registry':
          results.push(
            options.repository
              ? await checkRegistry(options.repository, options.insecureRegistry ?? false, env)
              : {
                  check: 'registry',
                  status: 'error',
                  detail: 'no repository configured',
                  remediation: 'set the repository option of the preflight target',
                },
          );
          break;
        case 'git-remote':
          results.push(
            options.gitRemote
              ? await checkGitRemote(options.gitRemote, workspaceRoot, env)
              : {
                  check: 'git remote (Pages)',
                  status: 'error',
                  detail: 'no gitRemote configured',
                  remediation: 'set the gitRemote option of the preflight target',
                },
          );
          break;
        case 'database':
          results.push(
            await checkDatabase({
              url,
              urlEnv,
              schemas: options.schemas ?? ['raw', 'marts', 'api_v1'],
              role: options.role,
            }),
          );
          break;
        case 'python':
          results.push(await checkPythonEnv(venv, workspaceRoot));
          break;
        case 'dbt':
          results.push(
            dbtProject
              ? await checkDbtProfile({ venv, projectDir: dbtProject, workspaceRoot, url, urlEnv, logDir })
              : {
                  check: 'dbt profile',
                  status: 'error',
                  detail: 'no dbt project configured',
                  remediation: 'set dbtProject, or dbt-project in [tool.atlas.code-location]',
                },
          );
          break;
        case 'code-location':
          results.push(
            module
              ? await checkCodeLocation({ venv, module, cwd: projectDir, workspaceRoot })
              : {
                  check: 'code location',
                  status: 'error',
                  detail: 'no module configured',
                  remediation: 'set module, or module in [tool.atlas.code-location]',
                },
          );
          break;
      }
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    unregister();
  }
  return results;
}

export async function preflight(
  options: PreflightExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const results = await runPreflight(options, context.root, projectRootOf(context), process.env);
    process.stdout.write(options.json ? renderJson(results) : renderTable(results));
    return { success: results.every((r) => r.status !== 'error') };
  } catch (error) {
    return failExecutor('preflight', error);
  }
}

export default function preflightExecutor(
  options: PreflightExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return preflight(options, context);
}
