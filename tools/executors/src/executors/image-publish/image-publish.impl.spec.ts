import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { findFreePort, workspaceRoot } from '@atlas/runtime';
import { ensureGoTool } from '../../utils/go-tools.js';
import {
  captureOutput,
  executorContext,
  processesMentioning,
  runExecutorByName,
  scratchWorkspace,
} from '../../testing/executor-harness.js';
import { privateTempDir } from '../../testing/private-temp-dir.js';
import { git } from '../../utils/git/git.js';
import { imagePublish } from './image-publish.impl.js';
import type { ReleaseRecords } from './lib/release-records.js';
import { RegistryClient } from '../../utils/registry/registry-client.js';
import type { ImagePublishExecutorSchema } from './schema.js';
import { startLocalRegistry, type LocalRegistry } from '../../testing/local-registry.js';

const IDENTITY = ['-c', 'user.name=Spec', '-c', 'user.email=spec@atlas.invalid'];

/** A GitHub token of the real shape, made at run time so no secret is ever in this file. */
function fakeToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `ghp_${[...randomBytes(36)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

interface ReleaseValues {
  deployments: { name: string; image: { repository: string; tag: string }; [key: string]: unknown }[];
  [key: string]: unknown;
}

describe('image-publish against a real local registry', () => {
  const scratch = scratchWorkspace('atlas-publish-spec-');
  const workspace = join(scratch.root, 'workspace');
  const store = join(scratch.root, 'store');
  const project = join(workspace, 'apps/atlas-data');
  const deployDir = join(workspace, 'deploy/atlas-data');
  const privateTmp = privateTempDir('atlas-publish-tmp-');
  const savedRef = process.env['GITHUB_REF'];
  let registry: LocalRegistry;
  let client: RegistryClient;
  let repository: string;

  const context = () => executorContext(workspace, 'atlas-data', 'apps/atlas-data');
  const publish = (options: Partial<ImagePublishExecutorSchema> = {}) =>
    // Scratch images hold no program to run: the post-publish smoke is tested on its own below.
    captureOutput(() =>
      imagePublish({ repository, insecureRegistry: true, smoke: false, ...options }, context()),
    );
  const failure = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('image-publish: '));
  const records = () => JSON.parse(readFileSync(join(deployDir, 'releases.json'), 'utf8')) as ReleaseRecords;
  const values = () => readFileSync(join(deployDir, 'values-prod.yaml'), 'utf8');
  const parsedValues = () => parseYaml(values()) as ReleaseValues;
  const head = () => git(['rev-parse', 'HEAD'], { cwd: workspace });

  /** Commit a release of the project: its version and the file the image carries. */
  const release = async (version: string, content: string) => {
    writeFileSync(
      join(project, 'pyproject.toml'),
      `[project]\nname = "atlas-data"\nversion = "${version}"\n\n[tool.atlas.code-location]\nmodule = "atlas_data.definitions"\n`,
    );
    writeFileSync(join(project, 'hello.txt'), content);
    await git([...IDENTITY, 'add', '-A', 'apps'], { cwd: workspace });
    await git([...IDENTITY, 'commit', '-q', '-m', `release ${version}`], { cwd: workspace });
    const built = await captureOutput(() =>
      runExecutorByName('image-build', { storageDriver: 'vfs', storageRoot: store }, context()),
    );
    expect(built.stderr).toBe('');
    expect(built.result).toEqual({ success: true });
  };

  beforeAll(async () => {
    // The secret scan's gitleaks: the real workspace's pinned build (made once, ~40 s cold), linked below.
    await ensureGoTool(workspaceRoot, 'gitleaks');
    delete process.env['GITHUB_REF'];
    privateTmp.enter();
    registry = await startLocalRegistry();
    repository = `${registry.host}/helpers-no/atlas-data`;
    client = new RegistryClient({ registry: registry.host, insecure: true });
    mkdirSync(project, { recursive: true });
    await git(['init', '-q', '-b', 'main', workspace]);
    // The chart version of the values file's install line comes from the locked dagster.
    writeFileSync(
      join(workspace, 'uv.lock'),
      'version = 1\n\n[[package]]\nname = "dagster"\nversion = "1.13.27"\n',
    );
    writeFileSync(join(project, 'Dockerfile'), 'FROM scratch\nCOPY apps/atlas-data/hello.txt /hello.txt\n');
    await release('0.1.0', 'first\n');
  }, 900_000);

  afterAll(async () => {
    if (savedRef !== undefined) process.env['GITHUB_REF'] = savedRef;
    const started = registry as LocalRegistry | undefined;
    const dir = started?.dir;
    await started?.stop();
    rmSync(store, { recursive: true, force: true });
    scratch.remove();
    if (dir) expect(processesMentioning(dir)).toEqual([]);
    // Scratch folders of the executors, the registry and the buildah configs: all removed.
    expect(privateTmp.leave()).toEqual([]);
  });

  it('refuses latest as the version, in one line', async () => {
    const { result, stderr } = await publish({ releaseVersion: 'latest' });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      'image-publish: The tag "latest" is refused: the Helm release only rolls when the tag changes; publish a version and sha-<commit> instead.',
    ]);
  });

  it('off main, only says what it would publish', async () => {
    process.env['GITHUB_REF'] = 'refs/heads/feature/x';
    try {
      const { result, stdout } = await publish();
      expect(result).toEqual({ success: true });
      expect(stdout).toContain('image-publish: dry run: on feature/x, not main');
      const sha = (await head()).slice(0, 7);
      expect(stdout).toMatch(
        new RegExp(
          `would publish dist/apps/atlas-data/image\\.oci\\.tar \\(sha256:[0-9a-f]{64}\\) as ${registry.host}/helpers-no/atlas-data:sha-${sha} and .*:v0\\.1\\.0`,
        ),
      );
      expect(await client.manifestDigest('helpers-no/atlas-data', `sha-${sha}`)).toBeUndefined();
      expect(() => readFileSync(join(deployDir, 'releases.json'))).toThrow();
    } finally {
      delete process.env['GITHUB_REF'];
    }
  });

  it('publishes sha-<commit> and v<version> with one digest, records it and writes the values of its own Helm release and the handshake', async () => {
    const { result, stdout, stderr } = await publish();
    expect(stderr).toBe('');
    expect(result).toEqual({ success: true });
    const commit = await head();
    const tag = `sha-${commit.slice(0, 7)}`;
    const digest = await client.manifestDigest('helpers-no/atlas-data', tag);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await client.manifestDigest('helpers-no/atlas-data', 'v0.1.0')).toBe(digest);
    expect(stdout).toContain(`published dist/apps/atlas-data/image.oci.tar (${digest})`);

    const recorded = records();
    expect(recorded.channels).toEqual({ prod: '0.1.0' });
    expect(recorded.releases).toEqual([
      expect.objectContaining({
        version: '0.1.0',
        tag,
        tags: [tag, 'v0.1.0'],
        digest,
        repository,
        sourceCommit: commit,
        sourceBranch: 'main',
      }),
    ]);
    expect(recorded.history).toEqual([
      expect.objectContaining({ channel: 'prod', action: 'publish', version: '0.1.0', from: null }),
    ]);
    const written = parsedValues();
    expect(written.deployments).toEqual([
      expect.objectContaining({
        name: 'atlas-data',
        image: { repository, tag: `${tag}@${digest}`, pullPolicy: 'IfNotPresent' },
        dagsterApiGrpcArgs: ['-m', 'atlas_data.definitions'],
        port: 3030,
        envSecrets: [{ name: 'atlas-data-env' }],
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      }),
    ]);
    expect(values()).toContain(
      '#   helm upgrade --install atlas-data dagster/dagster-user-deployments --version 1.13.27 \\',
    );
    const handshake = parseYaml(readFileSync(join(deployDir, 'platform-handshake.yaml'), 'utf8')) as unknown;
    expect(handshake).toEqual({
      dagsterWebserver: {
        workspace: { enabled: true, servers: [{ host: 'atlas-data', port: 3030, name: 'atlas-data' }] },
      },
    });
  });

  it('refuses to publish the same release again, from its record or from the registry', async () => {
    const before = readFileSync(join(deployDir, 'releases.json'), 'utf8');
    const again = await publish();
    expect(again.result).toEqual({ success: false });
    expect(failure(again.stderr)).toEqual([
      expect.stringMatching(
        /^image-publish: Release 0\.1\.0 \(sha-[0-9a-f]{7}, v0\.1\.0\) is already recorded in deploy\/atlas-data\/releases\.json: published images are never replaced/,
      ),
    ]);

    // A checkout without the record (another clone, a lost file) is still stopped by the registry.
    rmSync(deployDir, { recursive: true });
    const blind = await publish();
    expect(blind.result).toEqual({ success: false });
    expect(failure(blind.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^image-publish: The tag ${registry.host}/helpers-no/atlas-data:sha-[0-9a-f]{7} already exists \\(sha256:[0-9a-f]{64}\\): published images are never overwritten`,
        ),
      ),
    ]);
    mkdirSync(deployDir, { recursive: true });
    writeFileSync(join(deployDir, 'releases.json'), before);
  });

  it('publishes a second release and rolls the channel back to the first by digest, deleting nothing', async () => {
    const [first] = records().releases;
    if (!first) throw new Error('the first release is not recorded');
    await release('0.2.0', 'second\n');
    const second = await publish();
    expect(second.stderr).toBe('');
    const latest = records().releases[1];
    if (!latest) throw new Error('the second release is not recorded');
    expect(latest).toMatchObject({ version: '0.2.0', tags: [expect.stringMatching(/^sha-/), 'v0.2.0'] });
    expect(latest.digest).not.toBe(first.digest);
    expect(parsedValues().deployments[0]?.image.tag).toBe(`${latest.tag}@${latest.digest}`);

    const back = await publish({ rollback: true });
    expect(back.stderr).toBe('');
    expect(back.stdout).toContain(
      `rolled channel prod from 0.2.0 back to 0.1.0 (${repository}:${first.tag}@${first.digest})`,
    );
    expect(parsedValues().deployments[0]?.image.tag).toBe(`${first.tag}@${first.digest}`);
    expect(values()).toContain('set here again by a rollback');
    const after = records();
    expect(after.channels).toEqual({ prod: '0.1.0' });
    expect(after.releases.map((r) => r.version)).toEqual(['0.1.0', '0.2.0']);
    expect(after.history.map((e) => [e.action, e.version, e.from])).toEqual([
      ['publish', '0.1.0', null],
      ['publish', '0.2.0', '0.1.0'],
      ['rollback', '0.1.0', '0.2.0'],
    ]);
    expect(await client.manifestDigest('helpers-no/atlas-data', 'v0.2.0')).toBe(latest.digest);

    const further = await publish({ rollback: true });
    expect(further.result).toEqual({ success: false });
    expect(failure(further.stderr)).toEqual([
      'image-publish: Channel "prod" is at 0.1.0, the first release in deploy/atlas-data/releases.json: there is no earlier release to roll back to.',
    ]);
  });

  it('rolls a publish back automatically when the pulled-back image fails its smoke, and never rolls back to it', async () => {
    const checkOptions = { storageDriver: 'vfs', storageRoot: store, nodeMajor: 0 };
    const withCheckTarget = context();
    const projects = withCheckTarget.projectsConfigurations.projects;
    projects['atlas-data'] = {
      root: 'apps/atlas-data',
      targets: { 'image-check': { executor: '@atlas/executors:image-check', options: checkOptions } },
    };
    await release('0.4.0', 'fourth\n');
    const fragmentBefore = values();
    const smoked = await captureOutput(() =>
      imagePublish({ repository, insecureRegistry: true }, withCheckTarget),
    );
    expect(smoked.result).toEqual({ success: false });
    // A scratch image has no shell, no id, no python: the checks inside it fail for real.
    expect(smoked.stdout).toContain('image-publish: post-publish smoke: FAIL runs as non-root');
    expect(failure(smoked.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^image-publish: The post-publish smoke of ${registry.host}/helpers-no/atlas-data@sha256:[0-9a-f]{64} failed \\(\\d check\\(s\\) failed in the image: runs as non-root \\(.*\\)\\.\\); ` +
            'rolled back automatically: channel prod stays on 0\\.1\\.0 and deploy/atlas-data/values-prod\\.yaml is unchanged; release 0\\.4\\.0 is recorded as failed',
        ),
      ),
    ]);
    expect(values()).toBe(fragmentBefore);
    const afterSmoke = records();
    expect(afterSmoke.channels).toEqual({ prod: '0.1.0' });
    expect(afterSmoke.releases.map((r) => [r.version, r.smoke])).toEqual([
      ['0.1.0', 'skipped'],
      ['0.2.0', 'skipped'],
      ['0.4.0', 'failed'],
    ]);
    expect(afterSmoke.history.at(-1)).toMatchObject({
      channel: 'prod',
      action: 'rejected',
      version: '0.4.0',
      from: '0.1.0',
    });
    // Published artefacts are immutable: the failed image stays in the registry under its tags.
    expect(await client.manifestDigest('helpers-no/atlas-data', 'v0.4.0')).toBe(
      afterSmoke.releases[2]?.digest,
    );

    // The target the smoke needs is checked before anything is pushed.
    await release('0.5.0', 'fifth\n');
    const noTarget = await captureOutput(() =>
      imagePublish({ repository, insecureRegistry: true, smokeTarget: 'image-verify' }, withCheckTarget),
    );
    expect(failure(noTarget.stderr)).toEqual([
      'image-publish: The project has no image-verify target for the post-publish smoke: add one (executor @atlas/executors:image-check), name it with smokeTarget, or set smoke: false.',
    ]);
    expect(await client.manifestDigest('helpers-no/atlas-data', 'v0.5.0')).toBeUndefined();

    // A later release goes out; rolling it back skips the failed 0.4.0.
    expect((await publish()).result).toEqual({ success: true });
    const back = await publish({ rollback: true });
    expect(back.stdout).toContain('rolled channel prod from 0.5.0 back to 0.2.0');
  });

  it('fails in one line when the archive is missing or the registry is down', async () => {
    await release('0.3.0', 'third\n');
    const missing = await publish({ archive: 'dist/none.oci.tar', releaseVersion: '0.3.0' });
    expect(failure(missing.stderr)).toEqual([
      'image-publish: The image archive dist/none.oci.tar does not exist: build it first (npx nx run atlas-data:image).',
    ]);

    const closed = `127.0.0.1:${await findFreePort()}`;
    const down = { repository: `${closed}/helpers-no/atlas-data`, insecureRegistry: true, smoke: false };
    const forced = await captureOutput(() => imagePublish({ ...down, dryRun: false }, context()));
    expect(forced.result).toEqual({ success: false });
    expect(failure(forced.stderr)).toEqual([
      `image-publish: The registry ${closed} is not reachable (ECONNREFUSED): check the repository option, the network.`,
    ]);
    // Without credentials it is a dry run: the local checks still run, the registry is a warning.
    const dry = await captureOutput(() => imagePublish(down, context()));
    expect(dry.result).toEqual({ success: true });
    expect(dry.stdout).toContain(
      `image-publish: warning: The registry ${closed} is not reachable (ECONNREFUSED)`,
    );
    expect(dry.stdout).toContain(
      ':v0.3.0, channel prod → 0.3.0 in deploy/atlas-data/values-prod.yaml. Nothing was pushed or written.',
    );
  });
  it('refuses to publish when a credential is in a committed file, naming it, before anything is pushed', async () => {
    writeFileSync(join(project, 'settings.py'), `GITHUB_TOKEN = "${fakeToken()}"\n`);
    await release('0.6.0', 'sixth\n');
    const before = readFileSync(join(deployDir, 'releases.json'), 'utf8');
    const refused = await publish();
    expect(refused.result).toEqual({ success: false });
    expect(failure(refused.stderr)).toEqual([
      expect.stringMatching(
        /^image-publish: Refusing to publish: gitleaks found 1 secret\(s\): apps\/atlas-data\/settings\.py:1 \(github-pat\); nothing was pushed\./,
      ),
    ]);
    expect(await client.manifestDigest('helpers-no/atlas-data', 'v0.6.0')).toBeUndefined();
    expect(readFileSync(join(deployDir, 'releases.json'), 'utf8')).toBe(before);
    rmSync(join(project, 'settings.py'));
  });

  it('refuses to publish when a credential is only in the image, naming the layer and path', async () => {
    // The image takes the whole project folder, so an untracked file (not in the commit) ends up in it.
    writeFileSync(join(project, 'Dockerfile'), 'FROM scratch\nCOPY apps/atlas-data/ /app/\n');
    await release('0.7.0', 'seventh\n');
    writeFileSync(join(project, 'leaked.env'), `TOKEN=${fakeToken()}\n`);
    const built = await captureOutput(() =>
      runExecutorByName('image-build', { storageDriver: 'vfs', storageRoot: store }, context()),
    );
    expect(built.result).toEqual({ success: true });
    const refused = await publish();
    expect(failure(refused.stderr)).toEqual([
      expect.stringMatching(
        /^image-publish: Refusing to publish: gitleaks found 1 secret\(s\): dist\/apps\/atlas-data\/image\.oci\.tar layer 1 \(sha256:[0-9a-f]{12}\): \/app\/leaked\.env:1 \(github-pat\); nothing was pushed\./,
      ),
    ]);
    expect(await client.manifestDigest('helpers-no/atlas-data', 'v0.7.0')).toBeUndefined();
    rmSync(join(project, 'leaked.env'));
  });
});
