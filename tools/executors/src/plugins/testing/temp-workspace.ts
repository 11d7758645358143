import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type {
  CreateDependenciesContext,
  CreateNodesContext,
  CreateNodesResult,
  ProjectConfiguration,
  ProjectGraphExternalNode,
} from '@nx/devkit';
import { createDependencies, createNodes } from '../plugin.js';

/** A locked PyPI package line of uv.lock. */
const locked = (name: string, version: string, deps: string[] = []) =>
  [
    '[[package]]',
    `name = "${name}"`,
    `version = "${version}"`,
    'source = { registry = "https://pypi.org/simple" }',
    ...(deps.length ? [`dependencies = [${deps.map((d) => `{ name = "${d}" }`).join(', ')}]`] : []),
    `wheels = [{ url = "https://files.example/${name}-${version}.whl", hash = "sha256:${name}${version}" }]`,
    '',
  ].join('\n');

/** The uv.lock of the temp workspace, with pytest at `pytestVersion`. */
export function uvLock(pytestVersion = '8.4.2'): string {
  return [
    'version = 1',
    '',
    '[[package]]',
    'name = "atlas-workspace"',
    'version = "0.0.0"',
    'source = { virtual = "." }',
    '',
    '[package.dev-dependencies]',
    'dev = [{ name = "pytest" }, { name = "ruff" }]',
    '',
    '[[package]]',
    'name = "loc"',
    'version = "0.1.0"',
    'source = { editable = "apps/loc" }',
    'dependencies = [{ name = "dagster" }, { name = "dbt-core" }]',
    '',
    '[[package]]',
    'name = "dbt"',
    'version = "0.0.0"',
    'source = { virtual = "libs/dbt" }',
    'dependencies = [{ name = "dbt-core" }]',
    '',
    locked('agate', '1.9.1'),
    locked('dagster', '1.13.27', ['packaging']),
    locked('dbt-core', '1.11.9', ['agate']),
    locked('packaging', '25.0'),
    locked('pluggy', '1.6.0'),
    locked('pytest', pytestVersion, ['pluggy', 'packaging']),
    locked('ruff', '0.17.5'),
  ].join('\n');
}

/**
 * A small workspace with one project of every kind the plugin infers: a workspace executor package,
 * a TypeScript library, a dbt project, a Dagster code location, a Docusaurus site with Pages deploy.
 */
export function tempWorkspace(prefix: string): {
  root: string;
  write(path: string, content: unknown): void;
  remove(): void;
} {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(
      join(root, path),
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
  };
  write('nx.json', {});
  write('package.json', {
    name: 'ws',
    private: true,
    workspaces: ['apps/*', 'libs/*', 'tools/*'],
    devDependencies: { typescript: '5.9.3', vitest: '3.2.4' },
  });
  write('project.json', { name: 'atlas' });
  write('pyproject.toml', '[project]\nname = "atlas-workspace"\n');
  write('uv.lock', uvLock());
  write(
    'eslint.config.mjs',
    "import nx from '@nx/eslint-plugin';\nexport default [...nx.configs['flat/base']];\n",
  );
  write('.github/workflows/ci.yml', 'name: CI\n');

  write('tools/exec/project.json', { name: 'exec' });
  write('tools/exec/package.json', {
    name: '@t/exec',
    executors: './executors.json',
    exports: { './plugin': './src/plugins/plugin.ts', './summary': './src/ci/summary.ts' },
    dependencies: { '@t/rt': '0.0.0', yaml: '2.9.1' },
    devDependencies: { eslint: '9.39.1' },
  });
  write('tools/exec/executors.json', {
    executors: {
      'dbt-build': { implementation: './src/executors/dbt-build/dbt-build.impl.ts', schema: './s.json' },
      'dbt-docs': { implementation: './src/executors/dbt-docs/dbt-docs.impl.ts', schema: './s.json' },
      'dagster-validate': { implementation: './src/executors/dagster/validate.impl.ts', schema: './s.json' },
      'grpc-smoke': { implementation: './src/executors/dagster/smoke.impl.ts', schema: './s.json' },
      'pages-deploy': { implementation: './src/executors/pages/pages.impl.ts', schema: './s.json' },
    },
  });
  write('tools/exec/vitest.config.ts', 'export default {};\n');
  write(
    'tools/exec/src/executors/dbt-build/dbt-build.impl.ts',
    "import { run } from '../../utils/dbt/run.js';\nimport { x } from '@t/rt';\nexport default run;\n",
  );
  write(
    'tools/exec/src/executors/dbt-build/dbt-build.impl.spec.ts',
    "import run from './dbt-build.impl.js';\n",
  );
  write(
    'tools/exec/src/executors/dbt-docs/dbt-docs.impl.ts',
    "import { run } from '../../utils/dbt/run.js';\nexport default run;\n",
  );
  write('tools/exec/src/executors/dagster/validate.impl.ts', 'export default 1;\n');
  write('tools/exec/src/executors/dagster/smoke.impl.ts', 'export default 1;\n');
  write(
    'tools/exec/src/executors/pages/pages.impl.ts',
    "import { git } from '../../utils/git.js';\nexport default git;\n",
  );
  write(
    'tools/exec/src/utils/dbt/run.ts',
    "import { venvBin } from '@t/rt';\nexport const run = () => venvBin('dbt');\n",
  );
  write('tools/exec/src/utils/dbt/run.spec.ts', "it('runs', () => {});\n");
  write('tools/exec/src/utils/git.ts', 'export const git = 1;\n');
  write('tools/exec/src/ci/summary.ts', 'export const summary = 1;\n');

  write('tools/rt/project.json', { name: 'rt' });
  write('tools/rt/package.json', {
    name: '@t/rt',
    exports: { '.': './src/index.ts' },
    dependencies: { pg: '8.16.3' },
  });
  write('tools/rt/src/index.ts', 'export const x = 1;\nexport const venvBin = (t: string) => t;\n');

  write('libs/ts/project.json', { name: 'ts-lib' });
  write('libs/ts/package.json', {
    name: '@t/ts-lib',
    dependencies: { pg: '8.16.3' },
    devDependencies: { '@t/rt': '0.0.0' },
    atlas: { testPerFolder: { 'src/items': ['data/{name}/**/*'] } },
  });
  write('libs/ts/tsconfig.json', {});
  write(
    'libs/ts/eslint.config.mjs',
    "import base from '../../eslint.config.mjs';\nexport default [...base];\n",
  );
  write('libs/ts/vitest.config.ts', 'export default {};\n');
  write('libs/ts/src/a.ts', 'export const a = 1;\n');
  write('libs/ts/src/a.spec.ts', "import { a } from './a.js';\n");
  write('libs/ts/tests/b.spec.ts', "import { x } from '@t/rt';\n");
  // One folder per item, each with its own spec and data (package.json testPerFolder).
  for (const item of ['first', 'second']) {
    write(`libs/ts/src/items/${item}/${item}.ts`, "export { a } from '../../a.js';\n");
    write(`libs/ts/src/items/${item}/${item}.spec.ts`, `import { a } from './${item}.js';\n`);
    write(`libs/ts/data/${item}/sample.json`, '{}\n');
  }

  write('libs/dbt/project.json', {
    name: 'dbt-project',
    targets: { 'dbt-build': { options: { setupCommands: [['npx', 'ingest-cli', 'migrate']] } } },
  });
  write('libs/dbt/dbt_project.yml', 'name: atlas\n');
  write('libs/dbt/pyproject.toml', '[project]\nname = "dbt"\n');
  write('libs/dbt/models/a.sql', 'select 1\n');
  write('libs/ingest/project.json', { name: 'ingest' });
  write('libs/ingest/package.json', { name: '@t/ingest', bin: { 'ingest-cli': './bin/cli.mjs' } });

  write('apps/loc/project.json', { name: 'loc' });
  write(
    'apps/loc/pyproject.toml',
    [
      '[project]',
      'name = "loc"',
      '',
      '[tool.atlas.code-location]',
      'module = "loc.definitions"',
      'dbt-project = "../../libs/dbt"',
      'ingest = "../../libs/ingest"',
      '',
      '[tool.pytest.ini_options]',
      'testpaths = ["loc_tests"]',
      '',
    ].join('\n'),
  );
  write('apps/loc/loc/definitions.py', 'defs = None\n');
  write('apps/loc/loc_e2e_tests/test_materialize.py', 'def test_run():\n    pass\n');
  write('apps/loc/scripts/dev.ts', "import { x } from '@t/rt';\n");
  write('local-dev.json', {
    supervisor: 'tools/rt/supervise.ts',
    withLocalDatabase: 'tools/rt/with-db.ts',
    announcer: 'tools/rt/announce.ts',
    surfaces: [
      { name: 'UI', project: 'loc', target: 'dev', url: 'http://127.0.0.1:3070/', what: 'the location' },
      { name: 'site', project: 'site', port: 3999, env: { API_URL: 'http://localhost:1' }, what: 'docs' },
    ],
  });

  write('apps/site/project.json', { name: 'site' });
  write('apps/site/package.json', { name: '@t/site', dependencies: { react: '19.2.0' } });
  write('apps/site/docusaurus.config.ts', 'export default {};\n');
  write('apps/site/vitest.e2e.config.ts', 'export default {};\n');
  write('apps/site/e2e/site.e2e.spec.ts', "it('loads', () => {});\n");
  write('apps/site/pages.json', { buildDir: 'build' });
  write('apps/site/site-assets.json', {
    assets: [
      { from: 'libs/dbt/api/openapi.json', to: 'static/openapi.json' },
      { from: 'libs/dbt/target/lineage', to: 'static/lineage', builtBy: 'dbt-project:dbt-docs' },
    ],
  });
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every config file the plugin's glob matches in the temp workspace. */
export const CONFIG_FILES = [
  'project.json',
  'uv.lock',
  'tools/exec/project.json',
  'tools/rt/project.json',
  'libs/ts/project.json',
  'libs/dbt/project.json',
  'libs/ingest/project.json',
  'apps/loc/project.json',
  'apps/site/project.json',
];

export interface Inferred {
  projects: Record<string, Partial<ProjectConfiguration>>;
  externalNodes: Record<string, ProjectGraphExternalNode>;
}

/** Run the plugin's createNodes over the temp workspace and index the result by project root. */
export async function inferWorkspace(root: string): Promise<Inferred> {
  const context: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot: root };
  const results = (await createNodes[1](CONFIG_FILES, undefined, context)) as Array<
    [string, CreateNodesResult]
  >;
  const inferred: Inferred = { projects: {}, externalNodes: {} };
  for (const [, result] of results) {
    Object.assign(inferred.projects, result.projects ?? {});
    Object.assign(inferred.externalNodes, result.externalNodes ?? {});
  }
  return inferred;
}

/** The plugin's graph edges for what createNodes inferred, as `source -> target (file)` lines. */
export async function inferEdges(root: string, inferred: Inferred): Promise<string[]> {
  const projects: Record<string, ProjectConfiguration> = {};
  const names: Record<string, string> = {
    '.': 'atlas',
    'tools/exec': 'exec',
    'tools/rt': 'rt',
    'libs/ts': 'ts-lib',
    'libs/dbt': 'dbt-project',
    'libs/ingest': 'ingest',
    'apps/loc': 'loc',
    'apps/site': 'site',
  };
  for (const [projectRoot, project] of Object.entries(inferred.projects)) {
    const name = names[projectRoot] as string;
    projects[name] = { ...project, name, root: projectRoot } as ProjectConfiguration;
  }
  // project.json options merge over the inferred targets, as Nx does.
  projects['dbt-project']!.targets!['dbt-build']!.options = {
    ...projects['dbt-project']!.targets!['dbt-build']!.options,
    setupCommands: [['npx', 'ingest-cli', 'migrate']],
  };
  const context: CreateDependenciesContext = {
    projects,
    workspaceRoot: root,
    externalNodes: inferred.externalNodes,
    nxJsonConfiguration: {},
    fileMap: { projectFileMap: {}, nonProjectFiles: [] },
    filesToProcess: { projectFileMap: {}, nonProjectFiles: [] },
  };
  const deps = await createDependencies(undefined, context);
  return deps
    .filter((d) => !d.source.startsWith('pypi:'))
    .map((d) => `${d.source} -> ${d.target}${'sourceFile' in d && d.sourceFile ? ` (${d.sourceFile})` : ''}`)
    .sort();
}
