import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dbtEnvFromUrl, runProcess } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { lastWords } from '../../../utils/host-tools.js';
import { error, ok, type PreflightResult } from '../types.js';

const PROBE = [
  'import importlib.metadata as md, importlib.util as iu, sys',
  "missing = [m for m in ('dagster', 'dagster_dbt', 'dagster_pipes', 'dbt.adapters.postgres') if iu.find_spec(m) is None]",
  "sys.exit('missing modules: ' + ', '.join(missing)) if missing else print(sys.version.split()[0], md.version('dagster'), md.version('dbt-core'))",
].join('\n');

const PYTHON_ENV = 'run npx nx run atlas:python-env (uv sync --frozen from uv.lock)';

/** The root .venv holds python, dbt and dagster, and the packages the code location imports. */
export async function checkPythonEnv(venv: string, workspaceRoot: string): Promise<PreflightResult> {
  const CHECK = 'python env';
  const shown = relative(workspaceRoot, venv) || venv;
  const missing = ['python', 'dbt', 'dagster'].filter((tool) => !existsSync(join(venv, 'bin', tool)));
  if (missing.length) return error(CHECK, `${shown} lacks ${missing.join(', ')}`, PYTHON_ENV);
  const probe = await runProcess(
    // Found without importing them (importing dagster takes seconds): the code location check imports.
    [join(venv, 'bin/python'), '-c', PROBE],
    { echo: false, timeoutMs: 120_000 },
  );
  if (probe.exitCode !== 0)
    return error(CHECK, `${shown} lacks Python packages: ${lastWords(probe.output)}`, PYTHON_ENV);
  const [python, dagster, dbt] = (probe.output.trim().split('\n').at(-1) ?? '').split(' ');
  return ok(CHECK, `${shown}: Python ${python}, dagster ${dagster}, dbt ${dbt}`);
}

/** `dbt debug`: the profile renders, the project parses, and dbt connects with the deploy's database URL. */
export async function checkDbtProfile(input: {
  venv: string;
  projectDir: string;
  workspaceRoot: string;
  url: string | undefined;
  urlEnv: string;
  logDir: string;
}): Promise<PreflightResult> {
  const CHECK = 'dbt profile';
  const shown = relative(input.workspaceRoot, input.projectDir);
  if (!existsSync(join(input.projectDir, 'dbt_project.yml')))
    return error(
      CHECK,
      `${shown} has no dbt_project.yml`,
      'set the dbtProject option to the dbt project folder',
    );
  if (!existsSync(join(input.venv, 'bin/dbt')))
    return error(CHECK, 'dbt is not installed in .venv', PYTHON_ENV);
  if (!input.url)
    return error(
      CHECK,
      `${input.urlEnv} is not set, so the profile has no connection`,
      `export ${input.urlEnv}=postgres://<user>:<password>@<host>:5432/<database>`,
    );
  let connection: Record<string, string>;
  try {
    connection = { ...dbtEnvFromUrl(input.url) };
  } catch (e) {
    if (!(e instanceof ExecutorFailure)) throw e;
    return error(CHECK, e.message, `set ${input.urlEnv} to postgres://user:password@host:port/database`);
  }
  const result = await runProcess(
    [
      join(input.venv, 'bin/dbt'),
      'debug',
      '--project-dir',
      input.projectDir,
      '--profiles-dir',
      input.projectDir,
    ],
    {
      cwd: input.projectDir,
      env: {
        ...connection,
        DBT_LOG_PATH: input.logDir,
        DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
        DBT_USE_COLORS: 'false',
      },
      echo: false,
      timeoutMs: 180_000,
      tailLines: 300,
    },
  );
  if (result.exitCode === 0) return ok(CHECK, `dbt debug passed for ${shown} (profile, project, connection)`);
  const lines = result.output.split('\n').map((l) => l.replace(/^\S*\d\d:\d\d:\d\d\S*\s+/, '').trim());
  const failing =
    lines.find((l) => /\[ERROR\]|ERROR not found|Error|error/.test(l) && !/^\d+ check failed/.test(l)) ??
    lastWords(result.output);
  return error(
    CHECK,
    `dbt debug failed for ${shown}: ${failing}`.slice(0, 400),
    `fix what dbt debug names: ${input.urlEnv} for the connection, ${shown}/profiles.yml for the profile`,
  );
}

/** The code location module imports in a fresh interpreter from its folder (what dagster api grpc does first). */
export async function checkCodeLocation(input: {
  venv: string;
  module: string;
  cwd: string;
  workspaceRoot: string;
}): Promise<PreflightResult> {
  const CHECK = 'code location';
  const python = join(input.venv, 'bin/python');
  if (!existsSync(python)) return error(CHECK, 'python is not installed in .venv', PYTHON_ENV);
  const result = await runProcess(
    [python, '-c', 'import importlib, sys; importlib.import_module(sys.argv[1])', input.module],
    {
      cwd: input.cwd,
      echo: false,
      timeoutMs: 120_000,
    },
  );
  const where = relative(input.workspaceRoot, input.cwd);
  if (result.exitCode === 0) return ok(CHECK, `${input.module} imports from ${where}`);
  return error(
    CHECK,
    `${input.module} does not import from ${where}: ${result.timedOut ? 'timed out after 120 s' : lastWords(result.output)}`,
    `run npx nx run ${where.split('/').at(-1) ?? 'atlas-data'}:dagster-validate for the details and fix the module`,
  );
}
