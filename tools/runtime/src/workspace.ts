import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the nearest folder above this module that holds nx.json. */
function findWorkspaceRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No nx.json above ${start}: run this from inside the Atlas repository.`);
    dir = parent;
  }
}

export const workspaceRoot: string = process.env['NX_WORKSPACE_ROOT']
  ? resolve(process.env['NX_WORKSPACE_ROOT'])
  : findWorkspaceRoot(dirname(fileURLToPath(import.meta.url)));
