import { join } from 'node:path';
import { git, tryGit } from '../../../utils/git/git.js';
import { MANIFEST, type DeployManifest, type PublishContext } from './publish.js';
import { pagesCandidates } from './site-paths.js';

export interface SmokeExpectation {
  /** The commit that was pushed, and its tree. */
  commit: string;
  tree: string;
  manifest: DeployManifest;
  paths: string[];
}

export type SmokeResult = { ok: true; summary: string } | { ok: false; problem: string; moved?: boolean };

/**
 * Fetch the branch back from the remote into a fresh repository (not the build folder, not the repository
 * that pushed) and check what GitHub Pages will serve from it.
 */
export async function smokeCheck(ctx: PublishContext, expected: SmokeExpectation): Promise<SmokeResult> {
  const gitDir = join(ctx.scratch, `smoke-${expected.commit.slice(0, 12)}.git`);
  await git(['init', '--bare', '-q', gitDir]);
  await git(
    [
      '--git-dir',
      gitDir,
      'fetch',
      '-q',
      '--no-tags',
      '--depth=1',
      ctx.remote.url,
      `refs/heads/${ctx.branch}`,
    ],
    { env: ctx.remoteEnv },
  );
  const fetched = await git(['--git-dir', gitDir, 'rev-parse', 'FETCH_HEAD']);
  if (fetched !== expected.commit) {
    return {
      ok: false,
      moved: true,
      problem: `${ctx.branch} is at ${fetched.slice(0, 12)}, not the pushed ${expected.commit.slice(0, 12)}`,
    };
  }
  const problems: string[] = [];
  const tree = await git(['--git-dir', gitDir, 'rev-parse', 'FETCH_HEAD^{tree}']);
  if (tree !== expected.tree)
    problems.push(`tree ${tree.slice(0, 12)} is not the pushed ${expected.tree.slice(0, 12)}`);

  // NUL-separated: no quoting of odd names, and one "line" for the output tail however many files there are.
  const listed = await git(['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', '-z', 'FETCH_HEAD']);
  const files = new Set(listed.split('\0').filter(Boolean));
  if (!files.has('index.html')) problems.push('index.html is missing at the root');
  for (const sitePath of expected.paths) {
    const candidates = pagesCandidates(sitePath);
    if (!candidates.some((file) => files.has(file)))
      problems.push(`${sitePath} is not served (no ${candidates.join(', ')})`);
  }

  const show = (file: string) => tryGit(['--git-dir', gitDir, 'show', `FETCH_HEAD:${file}`]);
  const cname = expected.manifest.cname;
  if (cname) {
    const published = await show('CNAME');
    if (!published.ok) problems.push(`CNAME is missing (expected ${cname})`);
    else if (published.output !== cname)
      problems.push(`CNAME holds "${published.output.split('\n')[0]}", not ${cname}`);
  }
  const manifest = await show(MANIFEST);
  let recorded: string | undefined;
  try {
    recorded = manifest.ok ? (JSON.parse(manifest.output) as DeployManifest).contentSha256 : undefined;
  } catch {
    recorded = undefined;
  }
  if (recorded !== expected.manifest.contentSha256)
    problems.push(`${MANIFEST} ${manifest.ok ? 'does not record the pushed content' : 'is missing'}`);

  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return { ok: true, summary: `smoke: ${[...expected.paths, ...(cname ? ['CNAME'] : [])].join(' ')} ok` };
}
