import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One representative change and the projects that must be retested or rebuilt after it, by what
 * really reads the changed file (not by what Nx happens to compute). Applied in a scratch clone.
 */
export interface Scenario {
  id: string;
  /** What the change is, in words. */
  change: string;
  /** Edit files under the clone root; returns the files it touched (relative). */
  apply(root: string): string[];
  expected: readonly string[];
}

/** The first file (sorted, recursive) under `dir` whose name ends with one of the suffixes. */
export function firstFile(root: string, dir: string, suffixes: readonly string[]): string {
  if (!existsSync(join(root, dir)))
    throw new Error(`${dir} does not exist: the scenario's target folder moved; update scenarios.ts.`);
  const walk = (folder: string): string | undefined => {
    const entries = readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (
        entry.isFile() &&
        suffixes.some((s) => entry.name.endsWith(s)) &&
        !/\.(spec|test)\./.test(entry.name)
      )
        return path;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        const found = walk(join(folder, entry.name));
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = walk(dir);
  if (!found)
    throw new Error(
      `no ${suffixes.join('/')} file under ${dir}: the scenario's target folder changed; update scenarios.ts.`,
    );
  return relative(root, join(root, found));
}

/** Append a line in the file's own comment syntax, which changes its content and nothing else. */
function touch(root: string, file: string): string[] {
  const comment =
    file.endsWith('.py') || file.endsWith('.toml') || file.endsWith('.yml')
      ? '# affected-matrix'
      : file.endsWith('.sql')
        ? '-- affected-matrix'
        : file.endsWith('.md') || file.endsWith('.mdx')
          ? '<!-- affected-matrix -->'
          : file.endsWith('.csv') || file.endsWith('.lock')
            ? ''
            : '// affected-matrix';
  appendFileSync(join(root, file), `\n${comment}\n`);
  return [file];
}

function touchFirst(dir: string, suffixes: readonly string[]) {
  return (root: string) => touch(root, firstFile(root, dir, suffixes));
}

/** A dependency upgrade as npm writes it: the pin in package.json and the locked version and integrity. */
function bumpNpmPackage(name: string, from: string, to: string) {
  return (root: string): string[] => {
    const pkgPath = join(root, 'package.json');
    const pkg = readFileSync(pkgPath, 'utf8');
    const pin = `"${name}": "${from}"`;
    if (!pkg.includes(pin))
      throw new Error(`package.json does not pin ${pin}: update the lock scenario in scenarios.ts.`);
    writeFileSync(pkgPath, pkg.replace(pin, `"${name}": "${to}"`));
    const lockPath = join(root, 'package-lock.json');
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as {
      packages: Record<
        string,
        { version?: string; integrity?: string; devDependencies?: Record<string, string> }
      >;
    };
    const entry = lock.packages[`node_modules/${name}`];
    if (entry?.version !== from)
      throw new Error(
        `package-lock.json does not lock ${name}@${from}: update the lock scenario in scenarios.ts.`,
      );
    entry.version = to;
    entry.integrity = 'sha512-' + Buffer.alloc(64, 7).toString('base64');
    const rootEntry = lock.packages[''];
    if (rootEntry?.devDependencies?.[name]) rootEntry.devDependencies[name] = to;
    writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
    return ['package.json', 'package-lock.json'];
  };
}

const ALL = [
  'atlas',
  'atlas-contributor-frontend',
  'atlas-data',
  'atlas-data-ingest',
  'atlas-frontend',
  'bench',
  'cache-server',
  'dagster-pipes',
  'dbt-project',
  'executors',
  'website',
] as const;

/** What reads the dbt project: the site (lineage), the public app (API contract), the code location. */
const DBT_AND_READERS = ['dbt-project', 'website', 'atlas-frontend', 'atlas-data'];

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'doc-page',
    change: 'a docs page of the website',
    apply: touchFirst('apps/website/docs', ['.md', '.mdx']),
    expected: ['website'],
  },
  {
    id: 'next-page',
    change: 'a page of the public Next.js app',
    apply: (root) => touch(root, 'apps/atlas-frontend/src/app/page.tsx'),
    expected: ['atlas-frontend'],
  },
  {
    id: 'dbt-staging-model',
    change: 'a dbt staging model (.sql)',
    apply: touchFirst('libs/dbt-project/models/staging', ['.sql']),
    expected: DBT_AND_READERS,
  },
  {
    id: 'dbt-seed',
    change: 'a dbt seed (.csv)',
    apply: touchFirst('libs/dbt-project/seeds', ['.csv']),
    expected: DBT_AND_READERS,
  },
  {
    id: 'code-location-python',
    change: 'a Python file of the Dagster code location',
    apply: (root) => touch(root, 'apps/atlas-data/atlas_data/definitions.py'),
    expected: ['atlas-data'],
  },
  {
    id: 'ingest-source',
    change: 'an ingest source of the TypeScript ingest',
    apply: touchFirst('libs/atlas-data-ingest/src/catalogue/sources', ['.ts']),
    expected: ['atlas-data-ingest', 'atlas-contributor-frontend', ...DBT_AND_READERS],
  },
  {
    id: 'uv-lock',
    change: 'the uv lock (Python dependencies)',
    apply: (root) => touch(root, 'uv.lock'),
    // The venv itself and everything that runs dbt or dagster: the executors' integration tests and the
    // ingest's Pipes test under the real dagster too, plus (Nx's rule) the projects built on those.
    expected: ['atlas', 'executors', 'atlas-data-ingest', 'atlas-contributor-frontend', ...DBT_AND_READERS],
  },
  {
    id: 'npm-lock',
    change: 'an npm dependency upgrade (pg-copy-streams, used by the ingest only)',
    apply: bumpNpmPackage('pg-copy-streams', '7.0.0', '7.0.1'),
    expected: ['atlas', 'atlas-data-ingest', 'atlas-contributor-frontend', ...DBT_AND_READERS],
  },
  {
    id: 'nx-json',
    change: 'nx.json (workspace configuration)',
    apply: (root) => {
      const path = join(root, 'nx.json');
      const nx = JSON.parse(readFileSync(path, 'utf8')) as { parallel?: number };
      nx.parallel = (nx.parallel ?? 2) + 1;
      writeFileSync(path, JSON.stringify(nx, null, 2) + '\n');
      return ['nx.json'];
    },
    expected: ALL,
  },
  {
    id: 'executor-source',
    change: "an executor's source (dbt-build)",
    apply: touchFirst('tools/executors/src/executors/dbt-build', ['.impl.ts']),
    expected: ['executors', ...DBT_AND_READERS],
  },
];
