import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { isolatedNxEnv, nxArgv, runProcess, workspaceRoot, type ProcessResult } from '@atlas/runtime';

/**
 * A tiny Nx workspace for tests: three projects whose cacheable `build` writes a text file and a
 * random binary into {projectRoot}/dist, so a restored output can be told apart from a rebuilt one,
 * and whose cacheable `lint` (no outputs) fails when the project's build.mjs holds a TODO.
 * It runs the monorepo's own nx through a node_modules symlink, and is a git repository so that it
 * can be cloned like a real checkout.
 */
export const SCRATCH_PROJECTS = ['alpha', 'beta', 'gamma'] as const;

const git = (cwd: string, args: string[]) =>
  runProcess(
    [
      'git',
      '-c',
      'user.email=ci@example.invalid',
      '-c',
      'user.name=ci',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    {
      cwd,
      echo: false,
      timeoutMs: 60_000,
    },
  ).then((r) => {
    if (r.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.output}`);
    return r;
  });

function lintScript(project: string): string {
  return [
    "import { readFileSync } from 'node:fs';",
    `if (readFileSync('packages/${project}/build.mjs', 'utf8').includes('TODO')) {`,
    `  console.error('lint ${project}: build.mjs has a TODO');`,
    '  process.exit(1);',
    '}',
    `console.log('lint ${project}: ok');`,
    '',
  ].join('\n');
}

function buildScript(project: string): string {
  return [
    "import { mkdirSync, writeFileSync } from 'node:fs';",
    "import { randomBytes } from 'node:crypto';",
    `const dir = 'packages/${project}/dist';`,
    'mkdirSync(dir, { recursive: true });',
    `writeFileSync(dir + '/out.txt', '${project} built at ' + new Date().toISOString() + ' ' + randomBytes(8).toString('hex') + '\\n');`,
    "writeFileSync(dir + '/blob.bin', randomBytes(64 * 1024));",
    '',
  ].join('\n');
}

/** Create the origin repository under `dir` and return its path. */
export async function createScratchWorkspace(dir: string): Promise<string> {
  const origin = join(dir, 'origin');
  await mkdir(origin, { recursive: true });
  await writeFile(join(origin, 'package.json'), JSON.stringify({ name: 'scratch', private: true }, null, 2));
  await writeFile(
    join(origin, 'nx.json'),
    JSON.stringify(
      {
        targetDefaults: {
          build: { cache: true, inputs: ['{projectRoot}/**/*', '!{projectRoot}/dist/**'] },
          lint: { cache: true, inputs: ['{projectRoot}/**/*', '!{projectRoot}/dist/**'], outputs: [] },
        },
        plugins: [],
        useDaemonProcess: false,
        analytics: false,
      },
      null,
      2,
    ),
  );
  await writeFile(join(origin, '.gitignore'), 'node_modules\ndist\n.nx\n.nx-test\n');
  for (const project of SCRATCH_PROJECTS) {
    const root = join(origin, 'packages', project);
    await mkdir(root, { recursive: true });
    await writeFile(
      join(root, 'project.json'),
      JSON.stringify(
        {
          name: project,
          root: `packages/${project}`,
          targets: {
            build: { command: `node packages/${project}/build.mjs`, outputs: ['{projectRoot}/dist'] },
            lint: { command: `node packages/${project}/lint.mjs` },
          },
        },
        null,
        2,
      ),
    );
    await writeFile(join(root, 'build.mjs'), buildScript(project));
    await writeFile(join(root, 'lint.mjs'), lintScript(project));
  }
  await git(origin, ['init', '-q']);
  await git(origin, ['add', '.']);
  await git(origin, ['commit', '-q', '-m', 'scratch workspace']);
  return origin;
}

/** Clone the origin into `dir/<name>` with the monorepo's node_modules linked in. */
export async function cloneScratch(origin: string, dir: string, name: string): Promise<string> {
  const target = join(dir, name);
  await git(dir, ['clone', '-q', origin, target]);
  await symlink(join(workspaceRoot, 'node_modules'), join(target, 'node_modules'), 'dir');
  return target;
}

/** Environment for nx in one clone: its own cache and workspace data under <clone>/.nx-test. */
export function cloneEnv(
  clone: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return isolatedNxEnv(join(clone, '.nx-test'), extra);
}

export function runNx(
  clone: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<ProcessResult> {
  return runProcess(nxArgv(args), { cwd: clone, env, echo: false, timeoutMs: 180_000, tailLines: 400 });
}

/** Output without terminal colour codes (an outer nx task sets FORCE_COLOR for its children). */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

/** Tasks nx reports as restored from the remote cache (`> nx run p:t  [remote cache]`). */
export function remoteHits(output: string): string[] {
  return [...stripAnsi(output).matchAll(/nx run (\S+)\s+\[remote cache\]/g)].map((m) => m[1] ?? '').sort();
}
