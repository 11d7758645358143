import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './workspace.js';

/** The root uv-managed virtual environment that every Python target runs from. */
export const venvDir: string = join(workspaceRoot, '.venv');

/**
 * Path of a console script in the root .venv (dbt, dagster, python, pytest...).
 * Throws one actionable line when the environment has not been provisioned yet.
 */
export function venvBin(tool: string): string {
  const path = join(venvDir, 'bin', tool);
  if (!existsSync(path)) {
    throw new Error(
      `${tool} is not installed in .venv: run \`npx nx run atlas:python-env\` (it syncs .venv from uv.lock).`,
    );
  }
  return path;
}
