import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isolatedNxEnv, nxArgv } from '@atlas/runtime';

/** What a case gets: the repository, a scratch folder of its own, a loopback port nothing listens on. */
export interface CaseContext {
  root: string;
  scratch: string;
  closedPort: number;
}

export interface CaseRun {
  argv: string[];
  /** Relative to the workspace root (default: the root). */
  cwd?: string;
  /** On top of the test's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
}

/** One way of driving an entry point into a failure, and the exit status and line it must end with. */
export interface FailureCase {
  /** The entry point, as discoverEntryPoints names it, or `nx run <project>:<target>`. */
  entry: string;
  /** The failure, in words. */
  when: string;
  run(context: CaseContext): CaseRun;
  code: number;
  says: string;
}

const node = process.execPath;
const tsx = (root: string) => join(root, 'node_modules/.bin/tsx');

/**
 * Copies of repository files under the scratch folder, at the same relative paths, with the
 * installed node_modules linked in: a script whose failure needs inputs the repository must not
 * lose (the API contract, the dbt docs, the .venv) fails on the copy instead.
 */
function scratchCopy(context: CaseContext, files: string[]): string {
  const copy = join(context.scratch, 'repo');
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(context.root, file), join(copy, file), { recursive: true });
  }
  symlinkSync(join(context.root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** A folder with no programs in it: PATH for a script that must not find its tools. */
function emptyPath(context: CaseContext): string {
  const dir = join(context.scratch, 'empty-path');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const refusedUrl = (context: CaseContext) => `postgres://atlas:x@127.0.0.1:${context.closedPort}/atlas`;

/** Environment of an nx run in the repository with its own cache and workspace data in the scratch folder. */
const nxEnv = (context: CaseContext) => isolatedNxEnv(join(context.scratch, 'nx'));

export const FAILURE_CASES: FailureCase[] = [
  {
    entry: 'libs/atlas-data-ingest/bin/atlas-ingest.mjs',
    when: 'migrate against a database that refuses connections',
    run: (c) => ({
      argv: [node, join(c.root, 'libs/atlas-data-ingest/bin/atlas-ingest.mjs'), 'migrate'],
      env: { ATLAS_DATABASE_URL: refusedUrl(c) },
    }),
    code: 1,
    says: `atlas-ingest: connect ECONNREFUSED 127.0.0.1:`,
  },
  {
    entry: 'apps/atlas-data/atlas_data_tests/fake_ingest/bin/atlas-ingest.mjs',
    when: 'without ATLAS_DATABASE_URL',
    run: (c) => ({
      argv: [
        node,
        join(c.root, 'apps/atlas-data/atlas_data_tests/fake_ingest/bin/atlas-ingest.mjs'),
        'migrate',
      ],
    }),
    code: 2,
    says: 'ATLAS_DATABASE_URL is not set',
  },
  {
    entry: 'apps/atlas-data/docker-entrypoint.sh',
    when: 'migrate without ATLAS_DATABASE_URL (the image entry point, run on the host)',
    run: (c) => ({
      argv: ['sh', join(c.root, 'apps/atlas-data/docker-entrypoint.sh'), 'migrate'],
      env: { ATLAS_INGEST_DIR: join(c.root, 'libs/atlas-data-ingest') },
    }),
    code: 2,
    says: 'atlas-ingest: ATLAS_DATABASE_URL is not set',
  },
  {
    entry: 'tools/cache-server/bin/atlas-cache-server.mjs',
    when: 'without any access token',
    run: (c) => ({
      argv: [node, join(c.root, 'tools/cache-server/bin/atlas-cache-server.mjs')],
      env: { CACHE_WRITE_TOKENS: undefined, CACHE_READ_TOKENS: undefined, PORT: String(c.closedPort) },
    }),
    code: 2,
    says: 'atlas-cache-server: no access token configured',
  },
  {
    entry: 'tools/cache-server/bin/atlas-nx-ci.mjs',
    when: 'nx fails (a project that does not exist)',
    run: (c) => ({
      argv: [node, join(c.root, 'tools/cache-server/bin/atlas-nx-ci.mjs'), 'run', 'no-such-project:build'],
      env: nxEnv(c),
    }),
    code: 1,
    says: "Cannot find project 'no-such-project'",
  },
  {
    entry: 'tools/executors/bin/atlas-nx-summary.mjs',
    when: 'the log file does not exist',
    run: (c) => ({
      argv: [node, join(c.root, 'tools/executors/bin/atlas-nx-summary.mjs'), join(c.scratch, 'missing.log')],
    }),
    code: 2,
    says: 'atlas-nx-summary: cannot read',
  },
  {
    entry: 'tools/scripts/python-env.mjs',
    when: 'no Python 3.11 or 3.12 on PATH (a copy of the repository without .venv)',
    run: (c) => {
      const copy = scratchCopy(c, ['tools/scripts/python-env.mjs', 'pyproject.toml', 'uv.lock']);
      const pyprojects = /members\s*=\s*\[([^\]]*)\]/.exec(
        readFileSync(join(c.root, 'pyproject.toml'), 'utf8'),
      );
      const members = [...(pyprojects?.[1] ?? '').matchAll(/"([^"]+)"/g)].map(
        (m) => `${m[1]}/pyproject.toml`,
      );
      for (const member of members) {
        mkdirSync(dirname(join(copy, member)), { recursive: true });
        cpSync(join(c.root, member), join(copy, member));
      }
      return {
        argv: [node, join(copy, 'tools/scripts/python-env.mjs')],
        env: { PATH: emptyPath(c), ATLAS_PYTHON: undefined },
      };
    },
    code: 1,
    says: 'python-env: Python 3.11 or 3.12 is required and none was found on PATH',
  },
  {
    entry: 'tools/scripts/actionlint.mjs',
    when: 'actionlint is not built and Go is not on PATH (a copy of the repository)',
    run: (c) => ({
      argv: [node, join(scratchCopy(c, ['tools/scripts/actionlint.mjs']), 'tools/scripts/actionlint.mjs')],
      // An empty tools cache too: a machine that built actionlint keeps it in the user cache.
      env: { PATH: emptyPath(c), XDG_CACHE_HOME: join(c.scratch, 'cache') },
    }),
    code: 1,
    says: 'actionlint: could not build github.com/rhysd/actionlint',
  },
  {
    entry: 'tools/cache-server/scripts/bundle.mjs',
    when: 'the output folder cannot be created',
    run: (c) => {
      writeFileSync(join(c.scratch, 'a-file'), '');
      return {
        argv: [
          node,
          join(c.root, 'tools/cache-server/scripts/bundle.mjs'),
          join(c.scratch, 'a-file/out.mjs'),
        ],
      };
    },
    code: 1,
    says: 'bundle: esbuild could not write',
  },
  {
    entry: 'tools/bench/src/scale/main.ts',
    when: 'BENCH_SCALES is not a list of numbers',
    run: (c) => ({
      argv: [node, '--import', 'tsx', join(c.root, 'tools/bench/src/scale/main.ts')],
      env: { BENCH_SCALES: '6,forty' },
    }),
    code: 2,
    says: 'bench:scale: BENCH_SCALES must be whole numbers above 0',
  },
  {
    entry: 'tools/cache-server/bench/cache-server-bench.ts',
    when: 'BENCH_LARGE_MB is not a number',
    run: (c) => ({
      argv: [node, '--import', 'tsx', join(c.root, 'tools/cache-server/bench/cache-server-bench.ts')],
      env: { BENCH_LARGE_MB: 'lots' },
    }),
    code: 2,
    says: 'cache-server-bench: BENCH_LARGE_MB must be a number of megabytes',
  },
  {
    entry: 'libs/atlas-data-ingest/bench/copy-throughput.ts',
    when: 'ATLAS_DATABASE_URL refuses connections',
    run: (c) => ({
      argv: [tsx(c.root), join(c.root, 'libs/atlas-data-ingest/bench/copy-throughput.ts')],
      env: { ATLAS_DATABASE_URL: refusedUrl(c) },
    }),
    code: 1,
    says: 'bench: Cannot create a temporary database on ATLAS_DATABASE_URL',
  },
  {
    entry: 'nx run atlas-data-ingest:bench',
    when: 'ATLAS_DATABASE_URL refuses connections',
    run: (c) => ({
      argv: nxArgv(['run', 'atlas-data-ingest:bench', '--output-style=static']),
      env: { ...nxEnv(c), ATLAS_DATABASE_URL: refusedUrl(c) },
    }),
    code: 1,
    says: 'bench: Cannot create a temporary database on ATLAS_DATABASE_URL',
  },

  {
    entry: 'apps/atlas-frontend/scripts/generate-api-types.ts',
    when: 'an unknown argument',
    run: (c) => ({
      argv: [tsx(c.root), 'scripts/generate-api-types.ts', '--chek'],
      cwd: 'apps/atlas-frontend',
    }),
    code: 2,
    says: 'generate-api-types: unknown argument --chek; the only option is --check.',
  },
  {
    entry: 'apps/website/scripts/copy-site-assets.ts',
    when: 'the API snapshot and the dbt docs are missing (a copy of the site scripts)',
    run: (c) => {
      const copy = scratchCopy(c, ['apps/website/scripts', 'apps/website/site-assets.json']);
      return { argv: [tsx(c.root), join(copy, 'apps/website/scripts/copy-site-assets.ts')] };
    },
    code: 1,
    says: 'site-assets: libs/dbt-project/api/openapi.json is missing',
  },
  {
    entry: 'apps/website/scripts/api-snapshot.ts',
    when: 'PostgREST does not answer',
    run: (c) => ({
      argv: [
        tsx(c.root),
        'scripts/api-snapshot.ts',
        `--url=http://127.0.0.1:${c.closedPort}`,
        `--out=${join(c.scratch, 'openapi.json')}`,
      ],
      cwd: 'apps/website',
    }),
    code: 1,
    says: 'does not answer (ECONNREFUSED): start PostgREST or pass its root URL with --url. Nothing was written.',
  },
  ...[
    'tools/bench/src/task-reruns/main.ts',
    'tools/bench/src/affected-noop.ts',
    'tools/bench/src/remote-cache.ts',
    'tools/bench/src/scale/main.ts',
  ].map(
    (script): FailureCase => ({
      entry: script,
      when: 'git is not on PATH (the scratch clone cannot be made)',
      run: (c) => ({
        argv: [node, '--import', 'tsx', join(c.root, script)],
        env: { PATH: emptyPath(c) },
      }),
      code: 1,
      says: 'spawn git ENOENT',
    }),
  ),
  {
    entry: 'tools/scripts/provision.mjs',
    when: 'no tool is on PATH and installing is off',
    run: (c) => ({
      argv: [node, join(c.root, 'tools/scripts/provision.mjs')],
      env: { PATH: emptyPath(c), ATLAS_PROVISION: 'check', ATLAS_CHROMIUM: undefined },
    }),
    code: 1,
    says: 'provision: buildah is missing (building images without a Docker engine (image specs)): ',
  },
  {
    entry: 'libs/atlas-data-ingest/bench/brreg-bulk.ts',
    when: 'the number of units is not a number',
    run: (c) => ({ argv: [tsx(c.root), join(c.root, 'libs/atlas-data-ingest/bench/brreg-bulk.ts'), 'lots'] }),
    code: 1,
    says: 'bench-brreg-bulk: "lots" is not a number of units',
  },
  {
    entry: 'apps/atlas-data/scripts/dev.ts',
    when: 'an unknown argument',
    run: (c) => ({ argv: [tsx(c.root), join(c.root, 'apps/atlas-data/scripts/dev.ts'), '--bogus'] }),
    code: 2,
    says: 'atlas-data:dev: unknown argument "--bogus"',
  },
  {
    entry: 'apps/atlas-data/scripts/local-surfaces.ts',
    when: 'ATLAS_DAGSTER_UI_PORT is not a port',
    run: (c) => ({
      argv: [tsx(c.root), join(c.root, 'apps/atlas-data/scripts/local-surfaces.ts')],
      env: { ATLAS_DAGSTER_UI_PORT: 'bogus' },
    }),
    code: 2,
    says: 'atlas:dev: ATLAS_DAGSTER_UI_PORT is "bogus"',
  },
  {
    entry: 'apps/atlas-data/scripts/supervise.ts',
    when: 'no command to run',
    run: (c) => ({ argv: [tsx(c.root), join(c.root, 'apps/atlas-data/scripts/supervise.ts')] }),
    code: 2,
    says: 'supervise: no command',
  },
  {
    entry: 'apps/atlas-data/scripts/with-local-database.ts',
    when: 'no command to run',
    run: (c) => ({ argv: [tsx(c.root), join(c.root, 'apps/atlas-data/scripts/with-local-database.ts')] }),
    code: 2,
    says: 'with-local-database: no command',
  },
  {
    entry: 'nx run atlas-data:image-base',
    when: '--driver=bogus',
    run: (c) => ({
      argv: nxArgv(['run', 'atlas-data:image-base', '--driver=bogus', '--output-style=static']),
      env: nxEnv(c),
    }),
    code: 1,
    says: "'bogus' should be one of overlay,vfs",
  },
];

/** Entry points found that no case drives, and why. */
export const NOT_DRIVEN: Record<string, string> = {
  '.ci/run':
    'the pipeline script itself (installs Debian packages, npm ci, npm test): `set -euo pipefail` ends it with the status of the first failing step',
};
