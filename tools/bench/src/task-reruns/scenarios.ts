import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expectation } from './compare.js';

/**
 * One ordinary change, applied to a scratch clone, and the tasks that read what it changes: those
 * that must rerun, and the few that may (they read the changed folder as a whole although this file
 * cannot change their result). Written from what each task really reads, not from what Nx computes.
 */
export interface Scenario extends Expectation {
  id: string;
  change: string;
  /** Edit files under the clone root; returns the files it touched (relative). */
  apply(root: string): string[];
  /** It changes Markdown documents only, which the repository-wide checks leave out. */
  documents?: boolean;
}

const COMMENT: Record<string, string> = {
  py: '# bench: a change',
  sql: '-- bench: a change',
  md: '<!-- bench: a change -->',
  mdx: '{/* bench: a change */}',
  yml: '# bench: a change',
  ts: '// bench: a change',
  tsx: '// bench: a change',
  mjs: '// bench: a change',
};

/** Append a line in the file's comment syntax (a blank line for data files): content changes, meaning does not. */
export function touch(file: string) {
  return (root: string): string[] => {
    const ext = file.split('.').at(-1) ?? '';
    appendFileSync(join(root, file), `${COMMENT[ext] ?? ''}\n`);
    return [file];
  };
}

/** Replace the first occurrence of `from` in a file, failing when the file no longer has it. */
export function edit(file: string, from: string, to: string) {
  return (root: string): string[] => {
    const text = readFileSync(join(root, file), 'utf8');
    if (!text.includes(from))
      throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update scenarios.ts.`);
    writeFileSync(join(root, file), text.replace(from, to));
    return [file];
  };
}

/** A new file. */
export function add(file: string, content: string) {
  return (root: string): string[] => {
    writeFileSync(join(root, file), content);
    return [file];
  };
}

/** An npm upgrade as npm writes it: every package.json pin and the locked version and integrity. */
export function bumpNpm(name: string, from: string, to: string, manifests: string[]) {
  return (root: string): string[] => {
    for (const manifest of manifests) edit(manifest, `"${name}": "${from}"`, `"${name}": "${to}"`)(root);
    const lockPath = join(root, 'package-lock.json');
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as {
      packages: Record<
        string,
        { version?: string; integrity?: string; resolved?: string; dependencies?: Record<string, string> }
      >;
    };
    const entry = lock.packages[`node_modules/${name}`];
    if (entry?.version !== from)
      throw new Error(`package-lock.json does not lock ${name}@${from}: update scenarios.ts.`);
    entry.version = to;
    entry.integrity =
      'sha512-benchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbench==';
    if (entry.resolved) entry.resolved = entry.resolved.replace(`-${from}.tgz`, `-${to}.tgz`);
    for (const pkg of Object.values(lock.packages))
      if (pkg.dependencies?.[name] === from) pkg.dependencies[name] = to;
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
    return [...manifests, 'package-lock.json'];
  };
}

/** A uv.lock upgrade of one package: its version and artefact hashes, and the pins that name it. */
export function bumpUv(name: string, from: string, to: string) {
  return (root: string): string[] => {
    const path = join(root, 'uv.lock');
    const text = readFileSync(path, 'utf8');
    const start = text.indexOf(`[[package]]\nname = "${name}"\nversion = "${from}"`);
    if (start === -1) throw new Error(`uv.lock does not lock ${name} ${from}: update scenarios.ts.`);
    const end = text.indexOf('[[package]]', start + 1);
    const block = text
      .slice(start, end)
      .replaceAll(from, to)
      .replace(/sha256:[0-9a-f]{64}/g, (hash) => `sha256:${[...hash.slice(7)].reverse().join('')}`);
    writeFileSync(
      path,
      (text.slice(0, start) + block + text.slice(end)).replaceAll(
        `specifier = "==${from}"`,
        `specifier = "==${to}"`,
      ),
    );
    const pyproject = join(root, 'pyproject.toml');
    writeFileSync(
      pyproject,
      readFileSync(pyproject, 'utf8').replace(`"${name}==${from}"`, `"${name}==${to}"`),
    );
    return ['uv.lock', 'pyproject.toml'];
  };
}

/** Every lint task of a project: a change to its files is theirs to check. */
const lintOf = (project: string, kinds: string[] = ['eslint', 'typecheck', 'format']) =>
  kinds.map((k) => `${project}:${k}`);

/** The code location reads the dbt project and the ingest at run time (its tests and checks). */
const CODE_LOCATION = [
  'atlas-data:pytest',
  'atlas-data:dagster-validate',
  'atlas-data:grpc-smoke',
  'atlas-data:e2e',
];
/** The site and its browser tests read the dbt docs (/lineage/) and the API contract (/api). */
const SITE = ['website:build', 'website:e2e'];
/** Each source's own spec group (test-<id>), one per entry of the catalogue. */
const SOURCE_SPECS = (
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, '../../../../libs/atlas-data-ingest/src/catalogue/sources.json'),
      'utf8',
    ),
  ) as { sources: { id: string }[] }
).sources.map((s) => `atlas-data-ingest:test-${s.id}`);
/** The atlas-data image carries the code location, the ingest and the dbt project. */
const IMAGE = ['atlas-data:image', 'atlas-data:image-check'];
/** Targets that read the whole dbt project folder, though this change cannot alter their result. */
const DBT_FOLDER = ['dbt-project:test-unit'];

/**
 * An executor's change: its own specs (when its folder has any) and lint, and the cached targets that
 * run it.
 */
function executor(name: string, users: string[], may: string[] = [], specs = true): Scenario {
  return {
    id: `executor-${name}`,
    change: `a line in the ${name} executor (tools/executors/src/executors/${name}/${name}.impl.ts)`,
    apply: touch(`tools/executors/src/executors/${name}/${name}.impl.ts`),
    mustRerun: [...(specs ? [`executors:test-${name}`] : []), ...lintOf('executors'), ...users],
    mayRerun: may,
  };
}

const CHANGES: Scenario[] = [
  {
    id: 'dbt-seed',
    change: 'a row of a dbt seed (seeds/fylker.csv: a county renamed)',
    apply: edit('libs/dbt-project/seeds/fylker.csv', '03,Oslo', '03,Oslo kommune'),
    mustRerun: [...IMAGE, 'dbt-project:dbt-build', 'dbt-project:dbt-docs', ...CODE_LOCATION, ...SITE],
    mayRerun: DBT_FOLDER,
  },
  {
    id: 'dbt-model-sql',
    change: 'the SQL of a mart (models/marts/dim_kommune.sql)',
    apply: touch('libs/dbt-project/models/marts/dim_kommune.sql'),
    mustRerun: [...IMAGE, 'dbt-project:dbt-build', 'dbt-project:dbt-docs', ...CODE_LOCATION, ...SITE],
    mayRerun: DBT_FOLDER,
  },
  {
    id: 'dbt-model-description',
    change: 'the description of a mart (models/marts/dim_kommune.yml)',
    apply: edit(
      'libs/dbt-project/models/marts/dim_kommune.yml',
      'description: Four-digit municipality number',
      'description: The four-digit municipality number',
    ),
    mustRerun: [
      ...IMAGE,
      'dbt-project:dbt-build',
      'dbt-project:dbt-docs',
      'dbt-project:format',
      ...CODE_LOCATION,
      ...SITE,
    ],
    mayRerun: DBT_FOLDER,
  },
  {
    id: 'api-contract',
    change: 'the API contract (libs/dbt-project/api/openapi.json)',
    apply: edit(
      'libs/dbt-project/api/openapi.json',
      '"title": "Atlas public API"',
      '"title": "Atlas public API" ',
    ),
    mustRerun: [
      'api-contract:format',
      'dbt-project:test-unit',
      'atlas-frontend:typecheck',
      'atlas-frontend:test-unit',
      ...SITE,
      // The image copies the dbt project folder, the contract inside it.
      ...IMAGE,
    ],
    // The site's unit specs import the contract package (its document type).
    mayRerun: ['website:test-unit'],
  },
  {
    id: 'migration',
    change: 'a new raw.* migration (libs/atlas-data-ingest/migrations/0099_bench.sql)',
    apply: add(
      'libs/atlas-data-ingest/migrations/0099_bench.sql',
      'create table raw.bench_extra (id int);\n',
    ),
    mustRerun: [
      ...IMAGE,
      'atlas-data-ingest:test-integration',
      // Each source's spec migrates a database and loads its fixture into its raw table.
      ...SOURCE_SPECS,
      // entry-points runs `atlas-ingest migrate` into a failure.
      'entry-points:test-integration',
      'dbt-project:dbt-build',
      'dbt-project:dbt-docs',
      'atlas-contributor-frontend:test-unit',
      ...CODE_LOCATION,
    ],
    // The unit specs read the package folder, the dbt project's specs the database its migrations
    // shaped; the site reruns only if the docs it embeds changed.
    mayRerun: ['atlas-data-ingest:test-unit', 'dbt-project:test-unit', ...SITE],
  },
  {
    id: 'python-asset',
    change: 'an asset of the code location (atlas_data/defs/ingest/assets.py)',
    apply: touch('apps/atlas-data/atlas_data/defs/ingest/assets.py'),
    mustRerun: [...IMAGE, ...CODE_LOCATION, 'atlas-data:ruff'],
  },
  executor('dbt-build', ['dbt-project:dbt-build'], ['atlas-data:dagster-validate', 'atlas-data:grpc-smoke']),
  executor('dbt-docs', ['dbt-project:dbt-docs'], SITE),
  executor('dagster-validate', ['atlas-data:dagster-validate']),
  executor('grpc-smoke', ['atlas-data:grpc-smoke']),
  executor('pages-deploy', []),
  // entry-points drives `nx run atlas-data:image-base --driver=bogus` into its failure.
  executor('image-base', ['entry-points:test-integration']),
  // @nx/docker builds the image now; the buildah executor is kept for machines without an engine and
  // is no target's executor.
  executor('image-build', []),
  // Its checks are specced where they live (utils/image-checks, through image-publish's smoke).
  executor('image-check', ['atlas-data:image-check'], [], false),
  executor('image-publish', []),
  executor('scan', []),
  executor('preflight', []),
  {
    id: 'readme',
    change: 'the root README.md',
    documents: true,
    apply: touch('README.md'),
    mustRerun: ['atlas:format'],
  },
  {
    id: 'uv-lock-pytest',
    change: 'pytest upgraded in uv.lock (8.4.2 → 8.4.3)',
    apply: bumpUv('pytest', '8.4.2', '8.4.3'),
    // The image copies uv.lock for `uv sync --frozen` (pytest itself is a dev package it leaves out).
    mustRerun: ['atlas-data:pytest', 'atlas-data:e2e', ...IMAGE],
  },
  {
    id: 'npm-lock-next',
    change: 'next upgraded in package-lock.json and the two apps (16.4.5 → 16.4.6)',
    apply: bumpNpm('next', '16.4.5', '16.4.6', [
      'apps/atlas-frontend/package.json',
      'apps/atlas-contributor-frontend/package.json',
    ]),
    // The image copies the lock and every package.json for `npm ci`; the code location's Dockerfile
    // test reads the workspaces' package.json files.
    mustRerun: [
      ...IMAGE,
      'atlas-data:pytest',
      'atlas-frontend:build',
      'atlas-frontend:typecheck',
      'atlas-frontend:test-unit',
      'atlas-frontend:format',
      'atlas-contributor-frontend:build',
      'atlas-contributor-frontend:typecheck',
      'atlas-contributor-frontend:test-unit',
      'atlas-contributor-frontend:format',
    ],
    // Their ESLint configs load @next/eslint-plugin-next, which may depend on next; entry-points
    // declares the apps it runs, so its typecheck hashes their npm packages.
    mayRerun: ['atlas-frontend:eslint', 'atlas-contributor-frontend:eslint', 'entry-points:typecheck'],
  },
  {
    id: 'workflow',
    change: 'the CI workflow (.github/workflows/ci.yml)',
    apply: touch('.github/workflows/ci.yml'),
    mustRerun: ['atlas:actionlint', 'atlas:format'],
  },
  {
    id: 'docs-page',
    change: 'a docs page (apps/website/docs/getting-started/index.md)',
    documents: true,
    apply: touch('apps/website/docs/getting-started/index.md'),
    // The unit specs check the site's sections against the docs folder.
    mustRerun: ['website:format', 'website:test-unit', ...SITE],
  },
  {
    id: 'cache-server',
    change: 'the cache server (tools/cache-server/src/handler.ts)',
    apply: touch('tools/cache-server/src/handler.ts'),
    // entry-points runs the cache server's bins into their failures.
    mustRerun: [
      'cache-server:test-unit',
      'cache-server:build',
      'entry-points:test-integration',
      ...lintOf('cache-server'),
    ],
  },
  {
    id: 'ingest-parser',
    change: 'an ingest parser (libs/atlas-data-ingest/src/parse/json-stat.ts)',
    apply: touch('libs/atlas-data-ingest/src/parse/json-stat.ts'),
    mustRerun: [
      ...IMAGE,
      'atlas-data-ingest:test-unit',
      'atlas-data-ingest:test-integration',
      // The sources that read JSON-stat; the others import parse/values.ts beside it (a folder is hashed whole).
      ...['fhi-life-expectancy', 'ssb-crime', 'ssb-population'].map((id) => `atlas-data-ingest:test-${id}`),
      ...lintOf('atlas-data-ingest'),
      'dbt-project:dbt-build',
      'atlas-contributor-frontend:typecheck',
      'atlas-contributor-frontend:test-unit',
      'entry-points:test-integration',
      // The dbt project's check scripts import the ingest's catalogue (through its index, which tsc
      // and the specs load whole).
      'dbt-project:typecheck',
      'dbt-project:test-unit',
      ...CODE_LOCATION,
    ],
    // The docs build migrates with the same package; the site reruns only if the docs changed.
    mayRerun: [
      'dbt-project:dbt-docs',
      ...SITE,
      ...['brreg-enheter', 'kommuner', 'nav-unemployment'].map((id) => `atlas-data-ingest:test-${id}`),
    ],
  },
  {
    id: 'spec-file',
    change: 'a spec of the ingest (libs/atlas-data-ingest/src/parse/json-stat.spec.ts)',
    apply: touch('libs/atlas-data-ingest/src/parse/json-stat.spec.ts'),
    mustRerun: ['atlas-data-ingest:test-unit', ...lintOf('atlas-data-ingest')],
  },
];

/**
 * Tasks whose inputs are the whole repository but its Markdown documents: entry-points' discovery
 * reads every tracked file and its failure cases run programs of every package, the pipeline's specs
 * read the task graph and run CI's command in a clone.
 */
const REPO_WIDE = [
  'entry-points:test-unit',
  'entry-points:test-integration',
  'pipeline:test-unit',
  'pipeline:test-integration',
];

export const SCENARIOS: Scenario[] = CHANGES.map((s) => ({
  ...s,
  mustRerun: s.documents ? s.mustRerun : [...s.mustRerun, ...REPO_WIDE],
}));
