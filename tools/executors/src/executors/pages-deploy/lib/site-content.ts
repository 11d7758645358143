import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ExecutorFailure } from '../../../utils/executor-failure.js';

export interface SiteFile {
  /** Path inside the site, with forward slashes. */
  path: string;
  sha256: string;
}

function walk(dir: string, root: string, out: SiteFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '.git') continue;
      walk(full, root, out);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      out.push({
        path: relative(root, full).split(sep).join('/'),
        sha256: createHash('sha256').update(readFileSync(full)).digest('hex'),
      });
    }
  }
}

/** Every file of the site, sorted by path, with its content hash. */
export function listSiteFiles(dir: string): SiteFile[] {
  const files: SiteFile[] = [];
  walk(dir, dir, files);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One sha256 over the whole content: each file's path and hash, in path order (independent of git). */
export function contentDigest(files: SiteFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\0${file.sha256}\n`);
  return hash.digest('hex');
}

/** Refuse what must never be published, one line each: no folder, an empty one, no index.html. */
export function checkBuildDir(dir: string, shown: string, buildHint: string): void {
  if (!existsSync(dir)) throw new ExecutorFailure(`The build folder ${shown} does not exist: ${buildHint}.`);
  if (!statSync(dir).isDirectory())
    throw new ExecutorFailure(`The build path ${shown} is not a folder: point buildDir at the built site.`);
  if (readdirSync(dir).length === 0)
    throw new ExecutorFailure(`The build folder ${shown} is empty: ${buildHint}.`);
  if (!existsSync(join(dir, 'index.html'))) {
    throw new ExecutorFailure(
      `The build folder ${shown} has no index.html, so it is not a built site: check buildDir, or ${buildHint}.`,
    );
  }
}
