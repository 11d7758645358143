import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { currentBranch, decideMode, hasCredentials } from '../../utils/deploy-mode.js';
import { tryGit } from '../../utils/git/git.js';
import { normalizeOptions } from './lib/normalize-options.js';
import {
  chooseCname,
  openScratchRepo,
  prepareDeploy,
  prepareRollback,
  push,
  remoteTip,
  type Publication,
  type PublishContext,
} from './lib/publish.js';
import { authEnv, resolveRemote } from '../../utils/git/remote.js';
import { smokeCheck } from './lib/smoke.js';
import { checkBuildDir } from './lib/site-content.js';
import type { PagesDeployExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`pages-deploy: ${line}\n`);

/** Test seam: runs right before the push. */
export interface PagesDeployHooks {
  beforePush?: () => Promise<void>;
}

export async function pagesDeploy(
  rawOptions: PagesDeployExecutorSchema,
  context: ExecutorContext,
  hooks: PagesDeployHooks = {},
): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-pages-deploy-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  try {
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context));
    const shownBuildDir = relative(context.root, options.buildDir) || '.';
    if (!options.rollback)
      checkBuildDir(
        options.buildDir,
        shownBuildDir,
        `build the site first (npx nx run ${context.projectName ?? '<project>'}:build)`,
      );

    const head = await tryGit(['rev-parse', 'HEAD'], { cwd: context.root });
    const checkout = await tryGit(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: context.root });
    const branch = currentBranch(
      process.env,
      checkout.ok && checkout.output !== 'HEAD' ? checkout.output : undefined,
    );
    const remote = await resolveRemote(options.remote, context.root);
    const mode = decideMode({
      dryRun: options.dryRun,
      branch,
      defaultBranch: options.defaultBranch,
      credentials: remote ? hasCredentials(remote.url, process.env) : false,
    });
    if (!remote && !mode.dryRun) {
      throw new ExecutorFailure(
        `The git remote "${options.remote}" is not configured here: add it (git remote add ${options.remote} <url>) or set remote to a URL.`,
      );
    }

    const ctx: PublishContext = remote
      ? {
          remote,
          branch: options.branch,
          scratch,
          remoteEnv: authEnv(remote.url, process.env),
          beforePush: hooks.beforePush,
        }
      : { remote: { url: '', shown: options.remote }, branch: options.branch, scratch, remoteEnv: {} };

    let tip: string | undefined;
    if (remote) {
      try {
        tip = await remoteTip(ctx);
      } catch (error) {
        // A dry run still verifies the site; it only cannot say what it would build on.
        if (!mode.dryRun || options.rollback) throw error;
        log(`warning: ${(error as Error).message}`);
      }
    } else {
      log(
        `warning: the git remote "${options.remote}" is not configured here; the dry run checks the site only.`,
      );
    }
    const gitDir = await openScratchRepo(ctx, tip);

    const publication = options.rollback
      ? await prepareRollback(ctx, gitDir, tip)
      : await prepareDeploy(ctx, gitDir, tip, {
          dir: options.buildDir,
          cname: chooseCname(options.cname, options.buildDir),
          sourceCommit: head.ok ? head.output : 'unknown',
          sourceBranch: branch,
        });
    const { manifest } = publication;
    const what =
      `${manifest.fileCount} files + deploy.json, content sha256 ${manifest.contentSha256.slice(0, 16)}, CNAME ${manifest.cname ?? '(none)'}, ` +
      `tree ${publication.tree.slice(0, 12)} to ${ctx.remote.shown} ${options.branch} ` +
      `(${tip ? `on top of ${tip.slice(0, 12)}` : 'new branch'})`;

    if (mode.dryRun) {
      log(`dry run (${mode.reason}): would publish ${what}: "${publication.message}". Nothing was pushed.`);
      return { success: true };
    }
    await push(ctx, gitDir, publication);
    log(`published ${what} as ${publication.commit.slice(0, 12)}: "${publication.message}".`);

    const smoke = await smokeCheck(ctx, {
      commit: publication.commit,
      tree: publication.tree,
      manifest,
      paths: options.smokePaths,
    }).catch((error: unknown) => {
      throw new ExecutorFailure(
        `Published ${publication.commit.slice(0, 12)} but could not fetch it back for the smoke check (${firstLine(error)}): check the site by hand.`,
      );
    });
    if (smoke.ok) {
      log(smoke.summary);
      return { success: true };
    }
    if (smoke.moved)
      throw new ExecutorFailure(
        `Smoke check not run: ${smoke.problem}, someone published after this deploy; nothing was rolled back.`,
      );
    if (options.rollback) {
      throw new ExecutorFailure(
        `Smoke check failed after the rollback ${publication.commit.slice(0, 12)}: ${smoke.problem}; it stays live, deploy a fixed build.`,
      );
    }
    throw new ExecutorFailure(await rollBackFailedDeploy(ctx, gitDir, publication, smoke.problem));
  } catch (error) {
    return failExecutor('pages-deploy', error);
  } finally {
    removeScratch();
    unregister();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** After a deploy failed its smoke check: re-publish the deploy before it (a new commit), and say what happened in one line. */
async function rollBackFailedDeploy(
  ctx: PublishContext,
  gitDir: string,
  publication: Publication,
  problem: string,
): Promise<string> {
  const failed = `Smoke check failed after publishing ${publication.commit.slice(0, 12)}: ${problem}`;
  if (!publication.parent)
    return `${failed}; nothing to roll back to (it is the first deploy on ${ctx.branch}), so it stays live: fix the build and deploy again.`;
  try {
    const quiet = { ...ctx, beforePush: undefined };
    const back = await prepareRollback(quiet, gitDir, publication.commit);
    await push(quiet, gitDir, back);
    return `${failed}; rolled back to ${back.restored.slice(0, 12)} (deploy of ${back.manifest.sourceCommit.slice(0, 12)}) as new commit ${back.commit.slice(0, 12)}: fix the build and deploy again.`;
  } catch (error) {
    return `${failed}; the automatic rollback failed too (${firstLine(error)}): run the rollback target.`;
  }
}

export default function pagesDeployExecutor(
  options: PagesDeployExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return pagesDeploy(options, context);
}
