import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { registerCleanup } from '@atlas/runtime';
import { ExecutorFailure, failExecutor } from '../../utils/executor-failure.js';
import { projectRootOf } from '../../utils/executor-context.js';
import { requireTool } from '../../utils/host-tools.js';
import { currentBranch, decideMode } from '../../utils/deploy-mode.js';
import { tryGit } from '../../utils/git/git.js';
import {
  parseRepository,
  pinnedTag,
  versionTag,
  type ImageRepository,
} from '../../utils/registry/image-reference.js';
import {
  codeLocationRelease,
  normalizeOptions,
  type NormalizedImagePublishOptions,
} from './lib/normalize-options.js';
import {
  readRecords,
  rollbackTarget,
  writeAtomically,
  writeRecords,
  type Release,
  type ReleaseRecords,
} from './lib/release-records.js';
import { RegistryClient, registryCredentials } from '../../utils/registry/registry-client.js';
import type { ImageCheckOptions } from '../../utils/image-checks/check-options.js';
import { reportImageChecks } from '../../utils/image-checks/check-image.js';
import { smokeCheckOptions, smokePublishedImage } from './lib/post-publish-smoke.js';
import { archiveDigest, pushArchive, writeAuthFile } from './lib/skopeo.js';
import { dockerVersionSchemes, releaseTags } from './lib/release-tags.js';
import { renderPlatformHandshake, renderReleaseValues } from './lib/release-values.js';
import { describeFindings, scanForSecrets } from '../../utils/secret-scan.js';
import type { ImagePublishExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`image-publish: ${line}\n`);

interface Run {
  options: NormalizedImagePublishOptions;
  repo: ImageRepository;
  client: RegistryClient;
  /** Whether the registry answered; a dry run goes on without it. */
  registryUp: boolean;
  dryRun: boolean;
  recordsPath: string;
  shownRecords: string;
  valuesPath: string;
  shownValues: string;
  handshakePath: string;
}

function writeChannel(
  run: Run,
  records: ReleaseRecords,
  release: Release,
  action: 'publish' | 'rollback',
): void {
  const { options } = run;
  const location = codeLocationRelease(options);
  const values = renderReleaseValues({
    location,
    release,
    channel: options.channel,
    action,
  });
  records.history.push({
    channel: options.channel,
    action,
    version: release.version,
    from: records.channels[options.channel] ?? null,
    at: new Date().toISOString(),
  });
  records.channels[options.channel] = release.version;
  // The record first: a values file never names a release the record does not hold.
  writeRecords(run.recordsPath, records);
  writeAtomically(run.valuesPath, values);
  writeAtomically(run.handshakePath, renderPlatformHandshake(location));
}

async function publish(
  run: Run,
  context: ExecutorContext,
  scratch: string,
  branch: string | undefined,
): Promise<void> {
  const { options, repo, client } = run;
  if (!options.releaseVersion) {
    throw new ExecutorFailure(
      "No release version: set [project].version in the project's pyproject.toml or pass --releaseVersion=<x.y.z>.",
    );
  }
  // The version must look like one (and never "latest") whatever the schemes make of it.
  versionTag(options.releaseVersion);
  // Known before anything is pushed: a publish that cannot be smoked is refused up front.
  const checkOptions = options.smoke ? smokeCheckOptions(context, options.smokeTarget) : undefined;
  const head = await tryGit(['rev-parse', 'HEAD'], { cwd: context.root });
  if (!head.ok)
    throw new ExecutorFailure(
      'The workspace is not a git checkout with a commit: the sha- tag needs the source commit.',
    );
  if (!/^[0-9a-f]{40}$/.test(head.output))
    throw new ExecutorFailure(`"${head.output}" is not a git commit id.`);
  const { schemes, from } = dockerVersionSchemes(context);
  const { commitTag: ctag, tags } = releaseTags(schemes, from, {
    projectName: context.projectName ?? 'project',
    version: options.releaseVersion,
    commit: head.output,
  });

  const dirty = await tryGit(
    ['status', '--porcelain', '--untracked-files=no', '--', '.', `:(exclude)${run.options.shownDeployDir}`],
    { cwd: context.root },
  );
  if (dirty.ok && dirty.output) {
    const message = `the working tree has uncommitted changes (${dirty.output.split('\n').length} files), so ${ctag} would not name what the image holds`;
    if (!run.dryRun) throw new ExecutorFailure(`Refusing to publish: ${message}; commit them first.`);
    log(`warning: ${message}.`);
  }
  if (!existsSync(options.archive)) {
    throw new ExecutorFailure(
      `The image archive ${options.shownArchive} does not exist: build it first (npx nx run ${context.projectName ?? '<project>'}:image).`,
    );
  }
  await requireTool('skopeo');
  const digest = await archiveDigest(options.archive);

  const records = readRecords(run.recordsPath, run.shownRecords);
  const recorded = records.releases.find(
    (r) => r.version === options.releaseVersion || r.tags.some((t) => tags.includes(t)),
  );
  if (recorded) {
    throw new ExecutorFailure(
      `Release ${recorded.version} (${recorded.tags.join(', ')}) is already recorded in ${run.shownRecords}: published images are never replaced; bump the version (pyproject.toml) or publish a new commit.`,
    );
  }
  if (run.registryUp) {
    for (const tag of tags) {
      const existing = await client.manifestDigest(repo.name, tag);
      if (existing) {
        throw new ExecutorFailure(
          `The tag ${repo.full}:${tag} already exists (${existing}): published images are never overwritten; bump the version (pyproject.toml) or publish a new commit.`,
        );
      }
    }
  }
  if (options.secretScan) await refuseSecrets(run, context.root, head.output);
  const what = `${options.shownArchive} (${digest}) as ${tags.map((t) => `${repo.full}:${t}`).join(' and ')}, channel ${options.channel} → ${options.releaseVersion} in ${run.shownValues}`;
  if (run.dryRun) {
    log(`would publish ${what}. Nothing was pushed or written.`);
    return;
  }

  const credentials = registryCredentials(repo.registry, process.env);
  const authFile = credentials ? writeAuthFile(scratch, repo.registry, credentials) : undefined;
  for (const tag of tags) {
    const pushed = await pushArchive({
      archive: options.archive,
      destination: `${repo.full}:${tag}`,
      insecure: options.insecureRegistry,
      authFile,
      scratch,
    });
    if (pushed !== digest)
      throw new ExecutorFailure(
        `The registry stored ${repo.full}:${tag} as ${pushed}, not ${digest}: the registry rewrote the manifest; nothing was recorded.`,
      );
  }
  for (const tag of tags) {
    const stored = await client.manifestDigest(repo.name, tag);
    if (stored !== digest)
      throw new ExecutorFailure(
        `After the push ${repo.full}:${tag} resolves to ${stored ?? 'nothing'}, not ${digest}: somebody else pushed the same tag; nothing was recorded.`,
      );
  }
  const release: Release = {
    version: options.releaseVersion,
    tag: ctag,
    tags,
    digest,
    repository: repo.full,
    sourceCommit: head.output,
    sourceBranch: branch ?? null,
    publishedAt: new Date().toISOString(),
    smoke: checkOptions ? 'pending' : 'skipped',
  };
  records.releases.push(release);
  if (checkOptions) {
    // The push is a fact now: recorded before the smoke, so an interrupted smoke still leaves it known
    // (a pending release is never deployed, nor rolled back to).
    writeRecords(run.recordsPath, records);
    const failed = await smokeFailures(run, context, release, authFile, scratch, checkOptions);
    if (failed) {
      release.smoke = 'failed';
      const stays = records.channels[options.channel];
      records.history.push({
        channel: options.channel,
        action: 'rejected',
        version: release.version,
        from: stays ?? null,
        at: new Date().toISOString(),
      });
      writeRecords(run.recordsPath, records);
      throw new ExecutorFailure(
        `The post-publish smoke of ${repo.full}@${digest} failed (${failed}); rolled back automatically: channel ${options.channel} stays ` +
          `${stays ? `on ${stays}` : 'without a release'} and ${run.shownValues} is unchanged; release ${release.version} is recorded as failed, fix it and publish a new version.`,
      );
    }
    release.smoke = 'passed';
  }
  writeChannel(run, records, release, 'publish');
  log(
    `published ${what}: ${repo.full}:${pinnedTag(ctag, digest)}${checkOptions ? ' (post-publish smoke passed)' : ''}.`,
  );
}

/** Scan the commit's files and the image's layers; any finding stops the publish before a push. */
async function refuseSecrets(run: Run, workspaceRoot: string, commit: string): Promise<void> {
  const started = Date.now();
  const inRepo = await scanForSecrets({ workspaceRoot, target: { kind: 'commit', ref: commit }, log });
  const inImage = await scanForSecrets({
    workspaceRoot,
    target: { kind: 'image', archive: run.options.archive, shown: run.options.shownArchive },
    log,
  });
  const findings = [...inRepo, ...inImage];
  if (findings.length > 0) {
    throw new ExecutorFailure(
      `Refusing to publish: gitleaks found ${findings.length} secret(s): ${describeFindings(findings)}; nothing was pushed. ` +
        'Remove the secret (and rotate it); for a false positive, allowlist it in .gitleaks.toml ([extend] useDefault = true, then [[allowlists]]).',
    );
  }
  log(
    `secret scan: no secret in the commit's files or the image's layers (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
}

/** Pull the pushed digest back and check it; the failed checks in a line, or undefined when all passed. */
async function smokeFailures(
  run: Run,
  context: ExecutorContext,
  release: Release,
  authFile: string | undefined,
  scratch: string,
  checkOptions: ImageCheckOptions,
): Promise<string | undefined> {
  log(`post-publish smoke: pulling ${run.repo.full}@${release.digest} back and checking it...`);
  try {
    const report = await smokePublishedImage({
      repo: run.repo,
      digest: release.digest,
      insecure: run.options.insecureRegistry,
      authFile,
      scratch,
      checkOptions,
      workspaceRoot: context.root,
      projectRoot: projectRootOf(context),
    });
    if (report.results.length === 0) return 'no check ran';
    reportImageChecks(report, `${run.repo.full}@${release.digest}`, (line) =>
      log(`post-publish smoke: ${line}`),
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof ExecutorFailure)) throw error;
    return error.message;
  }
}

async function rollback(run: Run): Promise<void> {
  const { options, repo, client } = run;
  const records = readRecords(run.recordsPath, run.shownRecords);
  const { current, previous } = rollbackTarget(records, options.channel, run.shownRecords);
  if (run.registryUp) {
    const stored = await client.manifestDigest(repo.name, previous.digest);
    if (!stored)
      throw new ExecutorFailure(
        `The registry no longer has ${repo.full}@${previous.digest} (release ${previous.version}): it cannot be rolled back to; publish a fix instead.`,
      );
  }
  const what = `channel ${options.channel} from ${current.version} back to ${previous.version} (${repo.full}:${pinnedTag(previous.tag, previous.digest)}) in ${run.shownValues}`;
  if (run.dryRun) {
    log(`would roll ${what}. Nothing was written.`);
    return;
  }
  writeChannel(run, records, previous, 'rollback');
  log(
    `rolled ${what}; apply it: helm upgrade ${options.helmRelease} dagster/dagster-user-deployments --version ${options.chartVersion} -f ${run.shownValues} (or helm rollback ${options.helmRelease} <revision>).`,
  );
}

export async function imagePublish(
  rawOptions: ImagePublishExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-image-publish-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup(removeScratch);
  try {
    const projectName = context.projectName ?? 'project';
    const options = normalizeOptions(rawOptions, context.root, projectRootOf(context), projectName);
    const repo = parseRepository(options.repository);
    const credentials = registryCredentials(repo.registry, process.env);
    const client = new RegistryClient({
      registry: repo.registry,
      insecure: options.insecureRegistry,
      credentials,
    });

    let registryUp = true;
    let registryProblem: ExecutorFailure | undefined;
    let anonymous = false;
    try {
      const ping = await client.ping();
      anonymous = ping.anonymous;
      if (ping.status === 401 && credentials) {
        registryProblem = new ExecutorFailure(
          `The registry ${repo.registry} refused the credentials (401): check ATLAS_REGISTRY_USERNAME and ATLAS_REGISTRY_PASSWORD.`,
        );
      }
    } catch (error) {
      if (!(error instanceof ExecutorFailure)) throw error;
      registryUp = false;
      registryProblem = error;
    }
    const checkout = await tryGit(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: context.root });
    const branch = currentBranch(
      process.env,
      checkout.ok && checkout.output !== 'HEAD' ? checkout.output : undefined,
    );
    const mode = decideMode({
      dryRun: options.dryRun,
      branch,
      defaultBranch: options.defaultBranch,
      credentials: Boolean(credentials) || anonymous,
    });
    if (mode.dryRun) {
      const credentialsMissing = options.dryRun === undefined && branch === options.defaultBranch;
      log(
        `dry run: ${credentialsMissing ? 'no registry credentials (set ATLAS_REGISTRY_USERNAME and ATLAS_REGISTRY_PASSWORD)' : mode.reason}.`,
      );
    }
    if (registryProblem) {
      if (!mode.dryRun) throw registryProblem;
      log(`warning: ${registryProblem.message}`);
      registryUp = registryUp && !registryProblem.message.includes('refused the credentials');
    }

    const run: Run = {
      options,
      repo,
      client,
      registryUp,
      dryRun: mode.dryRun,
      recordsPath: join(options.deployDir, 'releases.json'),
      shownRecords: join(options.shownDeployDir, 'releases.json'),
      valuesPath: join(options.deployDir, `values-${options.channel}.yaml`),
      shownValues: join(options.shownDeployDir, `values-${options.channel}.yaml`),
      handshakePath: join(options.deployDir, 'platform-handshake.yaml'),
    };
    if (options.rollback) await rollback(run);
    else await publish(run, context, scratch, branch);
    return { success: true };
  } catch (error) {
    return failExecutor('image-publish', error);
  } finally {
    removeScratch();
    unregister();
  }
}

export default function imagePublishExecutor(
  options: ImagePublishExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return imagePublish(options, context);
}
