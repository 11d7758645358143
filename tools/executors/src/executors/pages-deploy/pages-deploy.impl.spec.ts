import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureOutput,
  executorContext,
  scratchWorkspace,
  tempEntries,
} from '../../testing/executor-harness.js';
import { git, tryGit } from '../../utils/git/git.js';
import { pagesDeploy } from './pages-deploy.impl.js';
import type { PagesDeployExecutorSchema } from './schema.js';

const IDENTITY = ['-c', 'user.name=Spec', '-c', 'user.email=spec@atlas.invalid'];

describe('pages-deploy against a local bare repository', () => {
  const scratch = scratchWorkspace('atlas-pages-spec-');
  const workspace = join(scratch.root, 'workspace');
  const remote = join(scratch.root, 'remote.git');
  const site = join(workspace, 'apps/site/build');
  const tempBefore = tempEntries('atlas-pages-deploy-');
  const savedRef = process.env['GITHUB_REF'];

  const deploy = (options: Partial<PagesDeployExecutorSchema> = {}, hooks = {}) =>
    captureOutput(() =>
      pagesDeploy(
        { buildDir: '{projectRoot}/build', remote, ...options },
        executorContext(workspace, 'site', 'apps/site'),
        hooks,
      ),
    );
  const onRemote = (...args: string[]) => git(['--git-dir', remote, ...args]);
  const failure = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('pages-deploy: '));
  const writeSite = (files: Record<string, string>) => {
    rmSync(site, { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(site, path, '..'), { recursive: true });
      writeFileSync(join(site, path), text);
    }
  };

  beforeAll(async () => {
    delete process.env['GITHUB_REF'];
    mkdirSync(workspace);
    await git(['init', '-q', '-b', 'main', workspace]);
    writeFileSync(join(workspace, 'README.md'), 'source\n');
    await git([...IDENTITY, 'add', 'README.md'], { cwd: workspace });
    await git([...IDENTITY, 'commit', '-q', '-m', 'source'], { cwd: workspace });
    await git(['init', '-q', '--bare', remote]);
  });
  afterAll(() => {
    if (savedRef !== undefined) process.env['GITHUB_REF'] = savedRef;
    scratch.remove();
    expect(tempEntries('atlas-pages-deploy-')).toEqual(tempBefore);
  });

  it('refuses a missing build folder, naming it and the build to run', async () => {
    const { result, stderr } = await deploy();
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      'pages-deploy: The build folder apps/site/build does not exist: build the site first (npx nx run site:build).',
    ]);
  });

  it('refuses a site without index.html', async () => {
    writeSite({ 'about.html': '<p>about</p>' });
    const { result, stderr } = await deploy();
    expect(result).toEqual({ success: false });
    expect(failure(stderr)[0]).toMatch(
      /^pages-deploy: The build folder apps\/site\/build has no index\.html/,
    );
  });

  it('publishes the site as one commit with CNAME, .nojekyll and the manifest', async () => {
    writeSite({ 'index.html': '<h1>v1</h1>', 'assets/app.js': 'v1()', CNAME: 'atlas.example.no\n' });
    const { result, stdout } = await deploy();
    expect(result).toEqual({ success: true });
    expect(stdout).toMatch(
      /^pages-deploy: published 4 files \+ deploy\.json, content sha256 [0-9a-f]{16}, CNAME atlas\.example\.no, tree [0-9a-f]{12} to .* gh-pages \(new branch\) as [0-9a-f]{12}/m,
    );

    expect(await onRemote('rev-list', '--count', 'gh-pages')).toBe('1');
    expect((await onRemote('ls-tree', '-r', '--name-only', 'gh-pages')).split('\n')).toEqual([
      '.nojekyll',
      'CNAME',
      'assets/app.js',
      'deploy.json',
      'index.html',
    ]);
    const manifest = JSON.parse(await onRemote('show', 'gh-pages:deploy.json'));
    expect(manifest).toMatchObject({
      sourceCommit: await git(['rev-parse', 'HEAD'], { cwd: workspace }),
      sourceBranch: 'main',
      fileCount: 4,
      cname: 'atlas.example.no',
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(new Date(manifest.publishedAt).getTime()).not.toBeNaN();
  });

  it('publishes a second deploy as a new commit on top of the first, with the cname option winning', async () => {
    const first = await onRemote('rev-parse', 'gh-pages');
    writeSite({ 'index.html': '<h1>v2</h1>', 'assets/app.js': 'v2()', 'new.html': 'new' });
    const { result } = await deploy({ cname: 'www.atlas.example.no' });
    expect(result).toEqual({ success: true });
    expect(await onRemote('rev-list', '--count', 'gh-pages')).toBe('2');
    expect(await onRemote('rev-parse', 'gh-pages^1')).toBe(first);
    expect(await onRemote('show', 'gh-pages:CNAME')).toBe('www.atlas.example.no');
    expect(await onRemote('show', 'gh-pages:index.html')).toBe('<h1>v2</h1>');
  });

  it('rolls back by publishing the previous tree exactly, as a new commit', async () => {
    const [second, first] = [
      await onRemote('rev-parse', 'gh-pages'),
      await onRemote('rev-parse', 'gh-pages^1'),
    ];
    rmSync(site, { recursive: true, force: true }); // a rollback needs no build
    const { result, stdout } = await deploy({ rollback: true });
    expect(result).toEqual({ success: true });
    expect(stdout).toContain(`Rollback to ${first.slice(0, 12)}`);
    expect(await onRemote('rev-list', '--count', 'gh-pages')).toBe('3');
    expect(await onRemote('rev-parse', 'gh-pages^1')).toBe(second);
    expect(await onRemote('rev-parse', 'gh-pages^{tree}')).toBe(
      await onRemote('rev-parse', `${first}^{tree}`),
    );
  });

  it('refuses to push when the remote branch moved under it, and leaves the other publication alone', async () => {
    writeSite({ 'index.html': '<h1>v3</h1>' });
    let intruder = '';
    const moveRemote = async () => {
      // Someone else publishes between our read of the branch and our push.
      const tree = await onRemote('rev-parse', 'gh-pages^{tree}');
      intruder = await git([
        '--git-dir',
        remote,
        ...IDENTITY,
        'commit-tree',
        tree,
        '-p',
        'gh-pages',
        '-m',
        'other deploy',
      ]);
      await onRemote('update-ref', 'refs/heads/gh-pages', intruder);
    };
    const before = await onRemote('rev-parse', 'gh-pages');
    const { result, stderr } = await deploy({}, { beforePush: moveRemote });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      `pages-deploy: The remote branch gh-pages moved during the deploy (${before.slice(0, 12)} -> ${intruder.slice(0, 12)}): ` +
        'someone else published; nothing was pushed, run the deploy again to publish on top of it.',
    ]);
    expect(await onRemote('rev-parse', 'gh-pages')).toBe(intruder);
  });

  it('is a dry run off the default branch: verifies, prints what it would publish, pushes nothing', async () => {
    await git(['checkout', '-q', '-b', 'feature'], { cwd: workspace });
    try {
      const before = await onRemote('rev-parse', 'gh-pages');
      const { result, stdout } = await deploy();
      expect(result).toEqual({ success: true });
      expect(stdout).toMatch(
        /^pages-deploy: dry run \(on feature, not main .*\): would publish 2 files \+ deploy\.json, .* Nothing was pushed\.$/m,
      );
      expect(await onRemote('rev-parse', 'gh-pages')).toBe(before);
      expect((await tryGit(['--git-dir', remote, 'cat-file', '-e', 'gh-pages~4'])).ok).toBe(false);
    } finally {
      await git(['checkout', '-q', 'main'], { cwd: workspace });
    }
  });

  it('refuses a rollback when there is nothing before the live deploy', async () => {
    const lonely = join(scratch.root, 'lonely.git');
    await git(['init', '-q', '--bare', lonely]);
    writeSite({ 'index.html': 'only' });
    expect((await deploy({ remote: lonely, branch: 'pages' })).result).toEqual({ success: true });
    const { result, stderr } = await deploy({ remote: lonely, branch: 'pages', rollback: true });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)[0]).toMatch(
      /^pages-deploy: Nothing to roll back to: pages holds a single deploy \([0-9a-f]{12}\)\.$/,
    );
  });
});

describe('pages-deploy smoke check on the branch fetched back from the remote', () => {
  const scratch = scratchWorkspace('atlas-pages-smoke-spec-');
  const workspace = join(scratch.root, 'workspace');
  const remote = join(scratch.root, 'remote.git');
  const site = join(workspace, 'apps/site/build');
  const smokePaths = ['/', '/api', '/lineage/'];
  const savedRef = process.env['GITHUB_REF'];

  const deploy = (options: Partial<PagesDeployExecutorSchema> = {}) =>
    captureOutput(() =>
      pagesDeploy(
        { buildDir: '{projectRoot}/build', remote, smokePaths, ...options },
        executorContext(workspace, 'site', 'apps/site'),
      ),
    );
  const onRemote = (...args: string[]) => git(['--git-dir', remote, ...args]);
  const failure = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('pages-deploy: '));
  const writeSite = (files: Record<string, string>) => {
    rmSync(site, { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(site, path, '..'), { recursive: true });
      writeFileSync(join(site, path), text);
    }
  };
  const sha = '[0-9a-f]{12}';

  beforeAll(async () => {
    delete process.env['GITHUB_REF'];
    mkdirSync(workspace);
    await git(['init', '-q', '-b', 'main', workspace]);
    writeFileSync(join(workspace, 'README.md'), 'source\n');
    await git([...IDENTITY, 'add', 'README.md'], { cwd: workspace });
    await git([...IDENTITY, 'commit', '-q', '-m', 'source'], { cwd: workspace });
    await git(['init', '-q', '--bare', remote]);
  });
  afterAll(() => {
    if (savedRef !== undefined) process.env['GITHUB_REF'] = savedRef;
    scratch.remove();
  });

  it('passes a deploy that serves every smoke path and the CNAME, and says so in one line', async () => {
    writeSite({ 'index.html': '<h1>v1</h1>', 'api.html': 'api', 'lineage/index.html': 'lineage' });
    const { result, stdout } = await deploy({ cname: 'atlas.example.no' });
    expect(result).toEqual({ success: true });
    expect(stdout.split('\n')).toContain('pages-deploy: smoke: / /api /lineage/ CNAME ok');
    expect(await onRemote('rev-list', '--count', 'gh-pages')).toBe('1');
  });

  it('rolls a deploy that misses a smoke path back to the previous tree, as a new commit', async () => {
    const good = await onRemote('rev-parse', 'gh-pages');
    const goodTree = await onRemote('rev-parse', 'gh-pages^{tree}');
    writeSite({ 'index.html': '<h1>v2</h1>', 'api/index.html': 'api', 'lineage.html': 'not a folder' });
    const { result, stdout, stderr } = await deploy({ cname: 'atlas.example.no' });
    expect(result).toEqual({ success: false });
    const broken = await onRemote('rev-parse', 'gh-pages^1');
    expect(failure(stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^pages-deploy: Smoke check failed after publishing ${broken.slice(0, 12)}: /lineage/ is not served \\(no lineage/index\\.html\\); ` +
            `rolled back to ${good.slice(0, 12)} \\(deploy of ${sha}\\) as new commit ${sha}: fix the build and deploy again\\.$`,
        ),
      ),
    ]);
    expect(stdout).not.toContain('smoke:');
    // History grew by the broken deploy and the rollback; nothing was force-pushed.
    expect(await onRemote('rev-list', '--count', 'gh-pages')).toBe('3');
    expect(await onRemote('rev-parse', 'gh-pages~2')).toBe(good);
    expect(await onRemote('rev-parse', 'gh-pages^{tree}')).toBe(goodTree);
    expect(await onRemote('show', 'gh-pages^1:api/index.html')).toBe('api');
  });

  it('fails a rollback whose restored tree misses a smoke path with one line, without rolling back again', async () => {
    const before = await onRemote('rev-parse', 'gh-pages');
    const brokenTree = await onRemote('rev-parse', 'gh-pages^1^{tree}');
    const { result, stderr } = await deploy({ rollback: true });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^pages-deploy: Smoke check failed after the rollback ${sha}: /lineage/ is not served \\(no lineage/index\\.html\\); it stays live, deploy a fixed build\\.$`,
        ),
      ),
    ]);
    expect(await onRemote('rev-parse', 'gh-pages^1')).toBe(before);
    expect(await onRemote('rev-parse', 'gh-pages^{tree}')).toBe(brokenTree);
  });

  it('fails a first deploy that misses a smoke path, with nothing to roll back to, and leaves no temp folders', async () => {
    const fresh = join(scratch.root, 'fresh.git');
    await git(['init', '-q', '--bare', fresh]);
    const tempBefore = tempEntries('atlas-pages-deploy-');
    writeSite({ 'index.html': '<h1>only</h1>' });
    const { result, stderr } = await deploy({ remote: fresh, smokePaths: ['/', '/api'] });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^pages-deploy: Smoke check failed after publishing ${sha}: /api is not served \\(no api, api\\.html, api/index\\.html\\); ` +
            'nothing to roll back to \\(it is the first deploy on gh-pages\\), so it stays live: fix the build and deploy again\\.$',
        ),
      ),
    ]);
    expect(await git(['--git-dir', fresh, 'rev-list', '--count', 'gh-pages'])).toBe('1');
    expect(tempEntries('atlas-pages-deploy-')).toEqual(tempBefore);
  });
});
