import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from '@atlas/runtime';
import { captureOutput, executorContext, scratchWorkspace } from '../../testing/executor-harness.js';
import { git } from '../../utils/git/git.js';
import { ensureGoTool } from '../../utils/go-tools.js';
import { scan } from './scan.impl.js';

const IDENTITY = ['-c', 'user.name=Spec', '-c', 'user.email=spec@atlas.invalid'];

/** A Slack bot token of the real shape, made at run time so no secret is ever in this file. */
function fakeSlackToken(): string {
  const digits = () => [...randomBytes(12)].map((b) => String(b % 10)).join('');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `xoxb-${digits()}-${digits()}-${[...randomBytes(24)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

describe('scan (gitleaks over the commit and built folders)', () => {
  const scratch = scratchWorkspace('atlas-scan-spec-');
  const workspace = join(scratch.root, 'workspace');
  const context = () => executorContext(workspace, 'website', 'apps/website');
  const failure = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('scan: '));

  beforeAll(async () => {
    // The pinned gitleaks lives in the real workspace's .tools; the scratch workspace links to it.
    await ensureGoTool(workspaceRoot, 'gitleaks');
    mkdirSync(join(workspace, 'apps/website/build'), { recursive: true });
    await git(['init', '-q', '-b', 'main', workspace]);
    writeFileSync(join(workspace, 'apps/website/README.md'), '# site\n');
    await git([...IDENTITY, 'add', '-A'], { cwd: workspace });
    await git([...IDENTITY, 'commit', '-q', '-m', 'site'], { cwd: workspace });
  }, 600_000);

  afterAll(() => scratch.remove());

  const run = (options: Parameters<typeof scan>[0]) =>
    captureOutput(() => scan(options, { ...context(), root: workspace }));

  it('passes a clean commit and a clean build, saying what it scanned', async () => {
    writeFileSync(join(workspace, 'apps/website/build/index.html'), '<h1>Atlas</h1>\n');
    const { result, stdout } = await run({ folders: ['apps/website/build'] });
    expect(result).toEqual({ success: true });
    expect(stdout).toContain("scan: gitleaks: no secret in the commit's files");
    expect(stdout).toContain('scan: gitleaks: no secret in apps/website/build');
  });

  it('fails on a credential the site would ship, naming the built file', async () => {
    writeFileSync(join(workspace, 'apps/website/build/config.js'), `window.SLACK = "${fakeSlackToken()}";\n`);
    const { result, stderr } = await run({ folders: ['apps/website/build'] });
    expect(result).toEqual({ success: false });
    expect(failure(stderr)).toEqual([
      expect.stringMatching(
        /^scan: The scan failed, so nothing may be published: secrets in apps\/website\/build: apps\/website\/build\/config\.js:1 \(slack-bot-token\)/,
      ),
    ]);
  });
});
