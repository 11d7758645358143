import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/** A setting the app cannot work without is missing or malformed; the message says what to set. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const EXAMPLE_URL = 'postgres://atlas:atlas@localhost:5432/atlas';

/** ATLAS_DATABASE_URL: the PostgreSQL database the ingest loads into (server side only). */
export function readDatabaseUrl(env: Env = process.env): string {
  const raw = env['ATLAS_DATABASE_URL']?.trim();
  if (!raw) {
    throw new ConfigurationError(
      `ATLAS_DATABASE_URL is not set: set it to the PostgreSQL database the ingest loads into, e.g. ${EXAMPLE_URL}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(`ATLAS_DATABASE_URL is not a URL: set it to e.g. ${EXAMPLE_URL}.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigurationError(
      `ATLAS_DATABASE_URL must be a postgres:// URL, not ${url.protocol}: set it to e.g. ${EXAMPLE_URL}.`,
    );
  }
  return raw;
}

/** The monorepo root: the nearest folder at or above start that holds nx.json. */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  // The folders searched are those of the checkout the app runs in, read at run time: nothing for
  // the bundler to trace (the ignore comments keep it from shipping the whole workspace).
  let dir = resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new ConfigurationError(
        `No nx.json at or above ${start}: run the app from inside the Atlas repository, or set ATLAS_DBT_TARGET_DIR to an absolute path.`,
      );
    }
    dir = parent;
  }
}

export const DEFAULT_DBT_TARGET_DIR = 'libs/dbt-project/target';

/**
 * The dbt target folder whose run_results.json the app shows: ATLAS_DBT_TARGET_DIR, absolute or
 * relative to the workspace root, else the dbt project's own target folder.
 */
export function resolveDbtTargetDir(env: Env = process.env, workspaceRoot?: () => string): string {
  const configured = env['ATLAS_DBT_TARGET_DIR']?.trim();
  if (configured && isAbsolute(configured)) return configured;
  const root = (workspaceRoot ?? findWorkspaceRoot)();
  return resolve(/*turbopackIgnore: true*/ root, configured || DEFAULT_DBT_TARGET_DIR);
}
