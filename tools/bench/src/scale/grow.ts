// Adds generated sources to the workspace it runs in (its cwd) with the workspace's own source
// generator (`@atlas/executors:source`, resolved as `nx g` resolves it), until the catalogue holds
// the number of sources asked for; writes the files once at the end. Run it in a scratch clone:
// `node --import tsx tools/bench/src/scale/grow.ts 40`. Prints one line: the ids it added.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Tree } from '@nx/devkit';
import { benchSource } from './bench-sources.js';

const require = createRequire(join(process.cwd(), 'package.json'));
const { FsTree, flushChanges } = require('nx/src/generators/tree') as {
  FsTree: new (root: string, verbose: boolean) => Tree & { listChanges(): unknown[] };
  flushChanges(root: string, changes: unknown[]): void;
};

/** The clone's plugin package, resolved from the clone at run time (not the bench's own import). */
const PLUGIN_PACKAGE = '@atlas/executors';

type Generator = (tree: Tree, options: Record<string, unknown>) => Promise<unknown>;

/** The generator the workspace's plugin package declares, as `nx g @atlas/executors:source` finds it. */
async function sourceGenerator(): Promise<Generator> {
  const manifestPath = require.resolve(`${PLUGIN_PACKAGE}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { generators?: string };
  if (!manifest.generators) throw new Error(`${PLUGIN_PACKAGE} declares no generators.`);
  const collectionPath = join(dirname(manifestPath), manifest.generators);
  const collection = JSON.parse(readFileSync(collectionPath, 'utf8')) as {
    generators: Record<string, { factory: string }>;
  };
  const entry = collection.generators['source'];
  if (!entry) throw new Error(`${collectionPath} has no generator "source".`);
  const module = (await import(pathToFileURL(join(dirname(collectionPath), entry.factory)).href)) as {
    default: Generator;
  };
  return module.default;
}

const target = Number(process.argv[2]);
const catalogue = JSON.parse(readFileSync('libs/atlas-data-ingest/src/catalogue/sources.json', 'utf8')) as {
  sources: unknown[];
};
if (!Number.isInteger(target) || target < catalogue.sources.length) {
  console.error(`usage: grow.ts <number of sources, at least ${catalogue.sources.length}>`);
  process.exit(2);
}
const generate = await sourceGenerator();
const tree = new FsTree(process.cwd(), false);
const added: string[] = [];
for (let n = catalogue.sources.length + 1; n <= target; n++) {
  const options = benchSource(n);
  // Prettier runs once, over everything written, with the last source.
  await generate(tree, { ...options, skipFormat: n < target });
  added.push(options['id'] as string);
}
flushChanges(process.cwd(), tree.listChanges());
console.log(`added ${added.length} sources: ${added.join(', ')}`);
