import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startEphemeralPostgres, workspaceRoot, type EphemeralPostgres } from '@atlas/runtime';
import { captureOutput, executorContext, processesMentioning } from '../../testing/executor-harness.js';
import { privateTempDir } from '../../testing/private-temp-dir.js';
import { git } from '../../utils/git/git.js';
import { startLocalRegistry, type LocalRegistry } from '../../testing/local-registry.js';
import { preflight, runPreflight } from './preflight.impl.js';
import { renderTable } from './report.js';
import type { PreflightExecutorSchema } from './schema.js';
import type { PreflightResult } from './types.js';

const PROJECT = 'apps/atlas-data';

describe('preflight on a real database, registry and git remote', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-pf-spec-'));
  const remote = join(scratch, 'pages.git');
  const privateTmp = privateTempDir('atlas-pf-tmp-');
  let database: EphemeralPostgres;
  let registry: LocalRegistry;
  let options: PreflightExecutorSchema;
  let env: NodeJS.ProcessEnv;

  const sql = async (url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const withUser = (url: string, user: string, password: string) => {
    const u = new URL(url);
    u.username = user;
    u.password = password;
    return u.toString();
  };
  /** Run one check with some of its inputs broken. */
  const one = async (
    check: NonNullable<PreflightExecutorSchema['checks']>[number],
    changes: Partial<PreflightExecutorSchema> = {},
    envChanges: NodeJS.ProcessEnv = {},
  ) => {
    const results = await runPreflight({ ...options, ...changes, checks: [check] }, workspaceRoot, PROJECT, {
      ...env,
      ...envChanges,
    });
    expect(results).toHaveLength(1);
    return results[0] as PreflightResult;
  };

  beforeAll(async () => {
    privateTmp.enter();
    database = await startEphemeralPostgres();
    await sql(
      database.url,
      `create schema raw; create schema marts; create schema api_v1; create role atlas_reader login password 'reader'`,
    );
    registry = await startLocalRegistry({ username: 'deployer', password: 's3cret' });
    await git(['init', '-q', '--bare', remote]);
    options = {
      repository: `${registry.host}/helpers-no/atlas-data`,
      insecureRegistry: true,
      gitRemote: remote,
    };
    env = {
      ATLAS_DATABASE_URL: database.url,
      ATLAS_REGISTRY_USERNAME: 'deployer',
      ATLAS_REGISTRY_PASSWORD: 's3cret',
    };
  });

  afterAll(async () => {
    // Either may be missing when beforeAll failed half-way; whatever was started is still stopped.
    const started = {
      registry: registry as LocalRegistry | undefined,
      database: database as EphemeralPostgres | undefined,
    };
    const dir = started.registry?.dir;
    await started.registry?.stop();
    await started.database?.stop();
    rmSync(scratch, { recursive: true, force: true });
    if (dir) expect(processesMentioning(dir)).toEqual([]);
    // The registry's and the database's folders and the dbt log folders: all removed.
    expect(privateTmp.leave()).toEqual([]);
  });

  it('passes every check on a correct setup and says so as JSON', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const { result, stdout } = await captureOutput(() =>
        preflight({ ...options, json: true }, executorContext(workspaceRoot, 'atlas-data', PROJECT)),
      );
      const report = JSON.parse(stdout) as { ok: boolean; checks: PreflightResult[] };
      expect(report.checks.map((c) => [c.check, c.status])).toEqual([
        ['registry', 'ok'],
        ['git remote (Pages)', 'ok'],
        ['database', 'ok'],
        ['python env', 'ok'],
        ['dbt profile', 'ok'],
        ['code location', 'ok'],
      ]);
      expect(report.ok).toBe(true);
      expect(result).toEqual({ success: true });
      expect(report.checks[0]?.detail).toContain('credentials accepted, push allowed');
      expect(report.checks[2]?.detail).toMatch(/schemas raw, marts, api_v1 present and writable/);
      expect(report.checks[5]?.detail).toBe('atlas_data.definitions imports from apps/atlas-data');
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('registry: down, no credentials, wrong password — each an error with a fix', async () => {
    const down = await one('registry', {
      repository: `127.0.0.1:${await findFreePort()}/helpers-no/atlas-data`,
    });
    expect(down).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/is not reachable \(ECONNREFUSED\)/),
      remediation: expect.stringMatching(/^start the registry or fix the repository option/),
    });
    const anonymous = await one(
      'registry',
      {},
      { ATLAS_REGISTRY_USERNAME: undefined, ATLAS_REGISTRY_PASSWORD: undefined },
    );
    expect(anonymous).toMatchObject({
      status: 'error',
      detail: `${registry.host} asks for credentials and none are set`,
      remediation: expect.stringMatching(/^set ATLAS_REGISTRY_USERNAME and ATLAS_REGISTRY_PASSWORD/),
    });
    const wrong = await one('registry', {}, { ATLAS_REGISTRY_PASSWORD: 'wrong' });
    expect(wrong).toMatchObject({
      status: 'error',
      detail: `${registry.host} refused the credentials of deployer (401)`,
      remediation: expect.stringMatching(/^check the password or token/),
    });
  });

  it('git remote: a missing repository and an unconfigured remote name', async () => {
    const gone = await one('git-remote', { gitRemote: join(scratch, 'nowhere.git') });
    expect(gone).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(
        /nowhere\.git does not answer: .*(does not appear to be a git repository|Could not read)/,
      ),
      remediation: expect.stringMatching(/^check the remote URL/),
    });
    const unnamed = await one('git-remote', { gitRemote: 'pages-nowhere' });
    expect(unnamed).toMatchObject({
      status: 'error',
      detail: 'the remote "pages-nowhere" is not configured in this checkout',
      remediation: 'git remote add pages-nowhere <url of the Pages repository>',
    });
  });

  it('database: no URL, wrong password, a missing schema, a role without rights', async () => {
    expect(await one('database', {}, { ATLAS_DATABASE_URL: undefined })).toMatchObject({
      status: 'error',
      detail: 'ATLAS_DATABASE_URL is not set',
      remediation: expect.stringMatching(/^export ATLAS_DATABASE_URL=/),
    });
    const refused = await one(
      'database',
      {},
      { ATLAS_DATABASE_URL: withUser(database.url, 'atlas_reader', 'wrong') },
    );
    expect(refused).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(
        /cannot connect to .*atlas_reader:\*\*\*@.*password authentication failed/,
      ),
      remediation: expect.stringMatching(/^check that the server runs/),
    });
    expect(refused.detail).not.toContain('wrong');

    await sql(database.url, 'drop schema api_v1');
    try {
      expect(await one('database')).toMatchObject({
        status: 'error',
        detail: expect.stringMatching(/has no schema api_v1$/),
        remediation: 'run dbt build (npx nx run dbt-project:dbt-build)',
      });
    } finally {
      await sql(database.url, 'create schema api_v1');
    }
    const reader = await one(
      'database',
      {},
      { ATLAS_DATABASE_URL: withUser(database.url, 'atlas_reader', 'reader') },
    );
    expect(reader).toMatchObject({
      status: 'error',
      detail: 'role atlas_reader lacks USAGE or CREATE on raw, marts, api_v1',
      remediation: expect.stringContaining('grant usage, create on schema raw to atlas_reader;'),
    });
  });

  it('python env, dbt profile and code location: each broken on its own', async () => {
    const empty = mkdtempSync(join(scratch, 'venv-'));
    expect(await one('python', { pythonEnv: empty })).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/lacks python, dbt, dagster$/),
      remediation: expect.stringMatching(/^run npx nx run atlas:python-env/),
    });

    const closed = new URL(database.url);
    closed.port = String(await findFreePort());
    const dbt = await one('dbt', {}, { ATLAS_DATABASE_URL: closed.toString() });
    expect(dbt).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/^dbt debug failed for libs\/dbt-project: /),
      remediation: expect.stringMatching(/^fix what dbt debug names/),
    });

    const broken = await one('code-location', { module: 'atlas_data_gone.definitions' });
    expect(broken).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(
        /atlas_data_gone\.definitions does not import from apps\/atlas-data: .*ModuleNotFoundError/,
      ),
      remediation: expect.stringMatching(/dagster-validate/),
    });

    const table = renderTable([broken, await one('python')]);
    expect(table.split('\n')).toEqual([
      expect.stringMatching(/^check\s+status\s+detail$/),
      expect.stringMatching(/^code location\s+error\s+atlas_data_gone\.definitions does not import/),
      expect.stringMatching(/^\s+fix:\s+run npx nx run atlas-data:dagster-validate/),
      expect.stringMatching(/^python env\s+ok\s+\.venv: Python 3\.11/),
      'preflight: 1 of 2 checks failed.',
      '',
    ]);
  });
});
