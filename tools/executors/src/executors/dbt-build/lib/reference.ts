import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { hashWithWorkspaceContext } from '@nx/devkit/internal';

/**
 * The reference a slim build compares with and builds on: the manifest of a full build, and the
 * database that build left (a data-folder snapshot of its embedded PostgreSQL, with the fingerprint
 * of the setup that loaded it). A full build on an embedded server writes both into its target folder
 * (`reference/`), so the target folder of main's last build is the reference of a pull request.
 */
export interface Reference {
  /** The folder the reference was read from. */
  dir: string;
  manifest: string;
  partialParse: string | undefined;
  snapshot: ReferenceSnapshot | undefined;
}

export interface ReferenceSnapshot {
  archive: string;
  password: string;
  /** Fingerprint of the setup commands and of the files they read, when the snapshot was made. */
  setup: string;
}

const SNAPSHOT_FOLDER = 'reference';
const SNAPSHOT_ARCHIVE = 'pgdata.tar.gz';
const SNAPSHOT_RECORD = 'reference.json';

/** Where a full build writes the snapshot of its database. */
export const snapshotArchiveOf = (targetDir: string): string =>
  join(targetDir, SNAPSHOT_FOLDER, SNAPSHOT_ARCHIVE);

/** Read a reference folder (or a manifest.json beside it); a reason instead when there is none. */
export function readReference(
  path: string,
  workspaceRoot: string,
): { reference?: Reference; reason?: string } {
  const dir =
    basename(path) === 'manifest.json' && existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
  const manifest = join(dir, 'manifest.json');
  const shown = relative(workspaceRoot, dir) || '.';
  if (!existsSync(manifest)) return { reason: `no manifest.json in ${shown}` };
  const record = join(dir, SNAPSHOT_FOLDER, SNAPSHOT_RECORD);
  let snapshot: ReferenceSnapshot | undefined;
  if (existsSync(record) && existsSync(join(dir, SNAPSHOT_FOLDER, SNAPSHOT_ARCHIVE))) {
    const parsed = JSON.parse(readFileSync(record, 'utf8')) as Partial<ReferenceSnapshot>;
    if (typeof parsed.password === 'string' && typeof parsed.setup === 'string')
      snapshot = {
        archive: join(dir, SNAPSHOT_FOLDER, SNAPSHOT_ARCHIVE),
        password: parsed.password,
        setup: parsed.setup,
      };
  }
  const partialParse = join(dir, 'partial_parse.msgpack');
  return {
    reference: { dir, manifest, partialParse: existsSync(partialParse) ? partialParse : undefined, snapshot },
  };
}

/** Record the snapshot a full build just archived (its password and the setup that loaded it). */
export function writeSnapshotRecord(targetDir: string, snapshot: Omit<ReferenceSnapshot, 'archive'>): void {
  mkdirSync(join(targetDir, SNAPSHOT_FOLDER), { recursive: true });
  writeFileSync(join(targetDir, SNAPSHOT_FOLDER, SNAPSHOT_RECORD), `${JSON.stringify(snapshot, null, 2)}\n`);
}

/** Drop a previous build's snapshot before a run that makes none (a slim build, an external server). */
export function removeSnapshot(targetDir: string): void {
  rmSync(join(targetDir, SNAPSHOT_FOLDER), { recursive: true, force: true });
}

/**
 * What the setup commands produce depends on the commands and on the files they read (the ingest's
 * migrations, fixtures and code): one hash of both, from Nx's own file hashes of those globs.
 */
export async function setupFingerprint(
  setupCommands: readonly (readonly string[])[],
  setupInputs: readonly string[],
  workspaceRoot: string,
): Promise<string> {
  const include = setupInputs.filter((g) => !g.startsWith('!'));
  const exclude = setupInputs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const files = include.length > 0 ? await hashWithWorkspaceContext(workspaceRoot, include, exclude) : '';
  return createHash('sha256').update(JSON.stringify(setupCommands)).update(files).digest('hex');
}

/** dbt keeps what it parsed in partial_parse.msgpack: start from the reference's when there is none yet. */
export function seedPartialParse(reference: Reference, targetDir: string): void {
  const target = join(targetDir, 'partial_parse.msgpack');
  if (reference.partialParse && !existsSync(target)) {
    mkdirSync(targetDir, { recursive: true });
    copyFileSync(reference.partialParse, target);
  }
}
