import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { runTool } from '../../../utils/host-tools.js';
import type { RegistryCredentials } from '../../../utils/registry/registry-client.js';

/** The manifest digest an OCI archive will have in the registry (skopeo copies it byte for byte with --preserve-digests). */
export async function archiveDigest(archive: string): Promise<string> {
  const raw = await runTool(['skopeo', 'inspect', '--raw', `oci-archive:${archive}`], {
    what: `Reading the image archive ${archive}`,
    timeoutMs: 300_000,
  });
  try {
    JSON.parse(raw);
  } catch {
    throw new ExecutorFailure(`The image archive ${archive} holds no readable manifest: build it again.`);
  }
  return `sha256:${createHash('sha256').update(raw, 'utf8').digest('hex')}`;
}

/** A registry auth file (mode 0600) in a private scratch folder, so no secret is ever on a command line. */
export function writeAuthFile(scratch: string, registry: string, credentials: RegistryCredentials): string {
  const path = join(scratch, 'auth.json');
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  writeFileSync(path, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** Copy the archive to repository:tag without changing its manifest; returns the digest the registry stored. */
export async function pushArchive(input: {
  archive: string;
  destination: string;
  insecure: boolean;
  authFile: string | undefined;
  scratch: string;
}): Promise<string> {
  const digestFile = join(input.scratch, 'digest');
  await runTool(
    [
      'skopeo',
      'copy',
      '--quiet',
      '--preserve-digests',
      `--dest-tls-verify=${input.insecure ? 'false' : 'true'}`,
      ...(input.authFile ? ['--dest-authfile', input.authFile] : []),
      '--digestfile',
      digestFile,
      `oci-archive:${input.archive}`,
      `docker://${input.destination}`,
    ],
    { what: `Pushing ${input.destination}`, timeoutMs: 1_800_000 },
  );
  return readFileSync(digestFile, 'utf8').trim();
}
