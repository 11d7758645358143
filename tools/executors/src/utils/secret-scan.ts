import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ExecutorFailure } from './executor-failure.js';
import { ensureGoTool } from './go-tools.js';
import { runTool } from './host-tools.js';

/** What a secret scan looks at: the files a commit tracks, a built folder, or an image's layers. */
export type ScanTarget =
  | { kind: 'commit'; ref: string }
  | { kind: 'folder'; path: string; shown: string }
  | { kind: 'image'; archive: string; shown: string };

export interface SecretFinding {
  /** Where it is, as a person finds it: a repository path, a built file, or an image layer and path. */
  file: string;
  line: number;
  rule: string;
}

interface GitleaksFinding {
  File: string;
  StartLine: number;
  RuleID: string;
}

interface OciIndex {
  manifests?: { digest: string }[];
}
interface OciManifest {
  layers?: { digest: string; mediaType: string }[];
}

function blob(root: string, digest: string): string {
  return join(root, 'blobs', ...digest.split(':'));
}

/**
 * Unpack every layer of an OCI archive into its own folder (layer-<n>), whiteouts and all: a secret
 * written by one layer and deleted by a later one is still shipped in the image.
 */
async function unpackLayers(archive: string, into: string): Promise<string[]> {
  const oci = join(into, 'oci');
  mkdirSync(oci);
  await runTool(['tar', '-xf', archive, '-C', oci], { what: `Unpacking ${archive}`, timeoutMs: 600_000 });
  const index = JSON.parse(readFileSync(join(oci, 'index.json'), 'utf8')) as OciIndex;
  const digest = index.manifests?.[0]?.digest;
  if (!digest) throw new ExecutorFailure(`${archive} holds no image manifest: build the image again.`);
  const manifest = JSON.parse(readFileSync(blob(oci, digest), 'utf8')) as OciManifest;
  const layers = manifest.layers ?? [];
  const names: string[] = [];
  for (const [n, layer] of layers.entries()) {
    const dir = join(into, `layer-${n + 1}`);
    mkdirSync(dir);
    const gzip = layer.mediaType.endsWith('+gzip') || layer.mediaType.endsWith('.gzip');
    await runTool(
      [
        'tar',
        gzip ? '-xzf' : '-xf',
        blob(oci, layer.digest),
        '-C',
        dir,
        '--no-same-owner',
        '--no-same-permissions',
        '--exclude=dev/*',
      ],
      { what: `Unpacking layer ${n + 1} of ${archive}`, timeoutMs: 600_000 },
    );
    names.push(`layer ${n + 1} (${layer.digest.slice(0, 19)})`);
  }
  rmSync(oci, { recursive: true, force: true });
  return names;
}

/**
 * Scan with gitleaks (pinned, built from the Go module proxy): its default rules, plus the repository's
 * .gitleaks.toml when there is one. Returns every finding with the place a person looks for it.
 */
export async function scanForSecrets(input: {
  workspaceRoot: string;
  target: ScanTarget;
  log?: (line: string) => void;
}): Promise<SecretFinding[]> {
  const { workspaceRoot, target } = input;
  const gitleaks = await ensureGoTool(workspaceRoot, 'gitleaks', input.log);
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-secret-scan-'));
  try {
    let scanned: string;
    let place: (path: string) => string;
    if (target.kind === 'commit') {
      scanned = join(scratch, 'tree');
      mkdirSync(scanned);
      // The files of the commit, exactly: nothing untracked or ignored (node_modules, .venv) is read.
      const tar = join(scratch, 'tree.tar');
      await runTool(['git', 'archive', '--format=tar', '-o', tar, target.ref], {
        cwd: workspaceRoot,
        what: `Reading the files of ${target.ref}`,
      });
      await runTool(['tar', '-xf', tar, '-C', scanned], { what: 'Unpacking the tree' });
      rmSync(tar);
      place = (path) => path;
    } else if (target.kind === 'folder') {
      if (!existsSync(target.path))
        throw new ExecutorFailure(`${target.shown} does not exist: build it first.`);
      scanned = target.path;
      place = (path) => join(target.shown, path);
    } else {
      if (!existsSync(target.archive))
        throw new ExecutorFailure(`The image archive ${target.shown} does not exist: build the image first.`);
      scanned = join(scratch, 'layers');
      mkdirSync(scanned);
      const layers = await unpackLayers(target.archive, scanned);
      place = (path) => {
        const [first, ...rest] = path.split(sep);
        const n = Number(first?.replace('layer-', '')) - 1;
        return `${target.shown} ${layers[n] ?? first}: /${rest.join('/')}`;
      };
    }
    const report = join(scratch, 'report.json');
    // A repository config replaces gitleaks' default rules unless it says [extend] useDefault = true.
    const config = join(workspaceRoot, '.gitleaks.toml');
    await runTool(
      [
        gitleaks,
        'dir',
        '--no-banner',
        '--no-color',
        '--redact',
        '--log-level=error',
        '--exit-code=0',
        '--report-format=json',
        `--report-path=${report}`,
        ...(existsSync(config) ? [`--config=${config}`] : []),
        scanned,
      ],
      { what: 'Scanning for secrets', timeoutMs: 900_000 },
    );
    const findings = JSON.parse(readFileSync(report, 'utf8')) as GitleaksFinding[];
    return findings.map((f) => ({
      file: place(relative(scanned, f.File)),
      line: f.StartLine,
      rule: f.RuleID,
    }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One line naming every finding (file:line rule), for a refusal. */
export function describeFindings(findings: SecretFinding[]): string {
  const shown = findings.slice(0, 5).map((f) => `${f.file}:${f.line} (${f.rule})`);
  const more = findings.length > 5 ? ` and ${findings.length - 5} more` : '';
  return `${shown.join(', ')}${more}`;
}
