import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { git, tryGit } from '../../../utils/git/git.js';
import { HOSTNAME } from './normalize-options.js';
import type { ResolvedRemote } from '../../../utils/git/remote.js';
import { contentDigest, listSiteFiles } from './site-content.js';

export const MANIFEST = 'deploy.json';

export interface DeployManifest {
  sourceCommit: string;
  sourceBranch: string | null;
  publishedAt: string;
  fileCount: number;
  /** sha256 over every published file (path and content hash, in path order), deploy.json excluded. */
  contentSha256: string;
  cname: string | null;
}

export interface PublishContext {
  remote: ResolvedRemote;
  branch: string;
  /** Scratch folder, removed by the caller. */
  scratch: string;
  /** Environment for commands that talk to the remote (credentials). */
  remoteEnv: Record<string, string>;
  /** Called right before the push (tests use it to move the remote under a deploy). */
  beforePush?: () => Promise<void>;
}

export interface Publication {
  commit: string;
  tree: string;
  /** The remote branch's commit this one builds on, if the branch exists. */
  parent: string | undefined;
  message: string;
  manifest: DeployManifest;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: process.env['GIT_AUTHOR_NAME'] ?? 'Atlas pages-deploy',
  GIT_AUTHOR_EMAIL: process.env['GIT_AUTHOR_EMAIL'] ?? 'pages-deploy@atlas.invalid',
  GIT_COMMITTER_NAME: process.env['GIT_COMMITTER_NAME'] ?? 'Atlas pages-deploy',
  GIT_COMMITTER_EMAIL: process.env['GIT_COMMITTER_EMAIL'] ?? 'pages-deploy@atlas.invalid',
};

/** The commit the remote branch points at now (undefined: no such branch). */
export async function remoteTip(ctx: PublishContext): Promise<string | undefined> {
  const listed = await tryGit(['ls-remote', '--heads', ctx.remote.url, `refs/heads/${ctx.branch}`], {
    env: ctx.remoteEnv,
  });
  if (!listed.ok) {
    const last = listed.output.split('\n').filter(Boolean).at(-1) ?? 'no output';
    throw new ExecutorFailure(
      `Cannot read the remote ${ctx.remote.shown}: ${last}; check the remote and its credentials.`,
    );
  }
  return listed.output
    .split('\n')
    .find((l) => l.endsWith(`\trefs/heads/${ctx.branch}`))
    ?.split('\t')[0];
}

/** A private bare repository holding the remote branch's last two commits (enough to roll back). */
export async function openScratchRepo(ctx: PublishContext, tip: string | undefined): Promise<string> {
  const gitDir = join(ctx.scratch, 'pages.git');
  await git(['init', '--bare', '-q', gitDir]);
  if (tip) {
    await git(
      [
        '--git-dir',
        gitDir,
        'fetch',
        '-q',
        '--no-tags',
        '--depth=2',
        ctx.remote.url,
        `refs/heads/${ctx.branch}`,
      ],
      { env: ctx.remoteEnv },
    );
    const fetched = await git(['--git-dir', gitDir, 'rev-parse', 'FETCH_HEAD']);
    if (fetched !== tip) throw movedError(ctx, tip, fetched);
  }
  return gitDir;
}

function movedError(
  ctx: PublishContext,
  expected: string | undefined,
  now: string | undefined,
): ExecutorFailure {
  return new ExecutorFailure(
    `The remote branch ${ctx.branch} moved during the deploy (${expected?.slice(0, 12) ?? 'absent'} -> ${now?.slice(0, 12) ?? 'deleted'}): ` +
      'someone else published; nothing was pushed, run the deploy again to publish on top of it.',
  );
}

/** The CNAME to publish: the option, else the site's own file; refuses a site file that is not a host name. */
export function chooseCname(option: string | undefined, siteDir: string): string | undefined {
  if (option) return option;
  const file = join(siteDir, 'CNAME');
  if (!existsSync(file)) return undefined;
  const value = readFileSync(file, 'utf8').trim();
  if (!HOSTNAME.test(value))
    throw new ExecutorFailure(
      `The site's CNAME file holds "${value}", not a domain name: fix static/CNAME or set the cname option.`,
    );
  return value;
}

/** Build the tree for a fresh deploy: the site as built, plus CNAME, .nojekyll and the manifest. */
export async function prepareDeploy(
  ctx: PublishContext,
  gitDir: string,
  tip: string | undefined,
  site: { dir: string; cname: string | undefined; sourceCommit: string; sourceBranch: string | undefined },
): Promise<Publication> {
  const staging = join(ctx.scratch, 'site');
  mkdirSync(staging);
  cpSync(site.dir, staging, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('.git') });
  if (site.cname) writeFileSync(join(staging, 'CNAME'), `${site.cname}\n`);
  writeFileSync(join(staging, '.nojekyll'), '');
  const files = listSiteFiles(staging).filter((f) => f.path !== MANIFEST);
  const manifest: DeployManifest = {
    sourceCommit: site.sourceCommit,
    sourceBranch: site.sourceBranch ?? null,
    publishedAt: new Date().toISOString(),
    fileCount: files.length,
    contentSha256: contentDigest(files),
    cname: site.cname ?? null,
  };
  writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

  const env = { GIT_INDEX_FILE: join(ctx.scratch, 'index') };
  await git(['--git-dir', gitDir, '--work-tree', staging, 'add', '--all', '--force', '.'], { env });
  const tree = await git(['--git-dir', gitDir, 'write-tree'], { env });
  const message = `Deploy ${site.sourceCommit.slice(0, 12)}: ${manifest.fileCount} files, content sha256 ${manifest.contentSha256.slice(0, 12)}`;
  const commit = await git(
    ['--git-dir', gitDir, 'commit-tree', tree, ...(tip ? ['-p', tip] : []), '-m', message],
    { env: IDENTITY },
  );
  return { commit, tree, parent: tip, message, manifest };
}

/** A new commit on top of the live one, carrying the tree of the deploy before it, exactly. */
export async function prepareRollback(
  ctx: PublishContext,
  gitDir: string,
  tip: string | undefined,
): Promise<Publication & { restored: string }> {
  if (!tip) throw new ExecutorFailure(`Nothing to roll back: the remote has no ${ctx.branch} branch yet.`);
  const previous = await tryGit(['--git-dir', gitDir, 'rev-parse', '--verify', '-q', `${tip}^1`]);
  if (!previous.ok)
    throw new ExecutorFailure(
      `Nothing to roll back to: ${ctx.branch} holds a single deploy (${tip.slice(0, 12)}).`,
    );
  const restored = previous.output;
  const tree = await git(['--git-dir', gitDir, 'rev-parse', `${restored}^{tree}`]);
  const manifestText = await tryGit(['--git-dir', gitDir, 'show', `${restored}:${MANIFEST}`]);
  if (!manifestText.ok)
    throw new ExecutorFailure(
      `The previous commit of ${ctx.branch} (${restored.slice(0, 12)}) has no ${MANIFEST}: it was not published by pages-deploy; roll back by hand.`,
    );
  const manifest = JSON.parse(manifestText.output) as DeployManifest;
  const message = `Rollback to ${restored.slice(0, 12)} (deploy of ${manifest.sourceCommit.slice(0, 12)}), replacing ${tip.slice(0, 12)}`;
  const commit = await git(['--git-dir', gitDir, 'commit-tree', tree, '-p', tip, '-m', message], {
    env: IDENTITY,
  });
  return { commit, tree, parent: tip, message, manifest, restored };
}

/** Push the new commit as a fast-forward (never forced); refuse if the branch moved since it was read. */
export async function push(ctx: PublishContext, gitDir: string, publication: Publication): Promise<void> {
  await ctx.beforePush?.();
  const now = await remoteTip(ctx);
  if (now !== publication.parent) throw movedError(ctx, publication.parent, now);
  const pushed = await tryGit(
    [
      '--git-dir',
      gitDir,
      'push',
      '--porcelain',
      ctx.remote.url,
      `${publication.commit}:refs/heads/${ctx.branch}`,
    ],
    {
      env: ctx.remoteEnv,
    },
  );
  if (!pushed.ok) {
    if (/rejected|non-fast-forward|fetch first|stale info/.test(pushed.output))
      throw movedError(ctx, publication.parent, await remoteTip(ctx).catch(() => undefined));
    const last = pushed.output.split('\n').filter(Boolean).at(-1) ?? 'no output';
    throw new ExecutorFailure(
      `Pushing to ${ctx.remote.shown} failed: ${last}; check write access to the remote.`,
    );
  }
}
