import type { Tree } from '@nx/devkit';
import { LAYOUT } from './layout.js';
import type { SourceOptions } from './normalize-options.js';

/**
 * The code location reads the catalogue, so the source's asset and schedule need no edit there; what
 * is added is the proof: its grpc-smoke must find raw/<table> and the staging model among the assets
 * the served repository holds (expected-assets of [tool.atlas.code-location]).
 */
export function expectServedAssets(tree: Tree, options: SourceOptions): void {
  const text = tree.read(LAYOUT.codeLocation, 'utf-8');
  const list = text ? /^expected-assets = \[([^\]]*)\]/m.exec(text) : null;
  if (!text || !list)
    throw new Error(
      `source generator: ${LAYOUT.codeLocation} has no expected-assets = [...] under [tool.atlas.code-location]: add "raw/${options.table}" by hand.`,
    );
  const assets = [...(list[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  for (const key of [`raw/${options.table}`, `staging/stg_${options.table}`])
    if (!assets.includes(key)) assets.push(key);
  tree.write(
    LAYOUT.codeLocation,
    text.replace(list[0], `expected-assets = [\n${assets.map((a) => `    "${a}",`).join('\n')}\n]`),
  );
}
