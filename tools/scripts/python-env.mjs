#!/usr/bin/env node
// Provision the root .venv from uv.lock. Idempotent and cheap when nothing changed: the hash of the
// lock and of every pyproject.toml is stamped into .venv, and a matching stamp skips the sync.
// A venv holds absolute paths and is not relocatable, so it is rebuilt here rather than restored
// from the Nx cache. uv itself comes from PATH, or is bootstrapped into .tools/uv (inside the repo).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const UV_VERSION = '0.13.9';
const root = fileURLToPath(new URL('../..', import.meta.url));
const venv = join(root, '.venv');
const stampFile = join(venv, '.atlas-env-stamp');
const quiet = process.argv.includes('--quiet');

function fail(message) {
  process.stderr.write(`python-env: ${message}\n`);
  process.exit(1);
}

function run(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`${argv[0]} could not start (${result.error.message}).`);
  return result.status ?? 1;
}

function output(argv) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function pythonProjects() {
  const root_ = readFileSync(join(root, 'pyproject.toml'), 'utf8');
  const members = /members\s*=\s*\[([^\]]*)\]/.exec(root_)?.[1] ?? '';
  return ['.', ...[...members.matchAll(/"([^"]+)"/g)].map((m) => m[1])];
}

function environmentHash() {
  const hash = createHash('sha256').update(UV_VERSION);
  for (const file of ['uv.lock', ...pythonProjects().map((p) => join(p, 'pyproject.toml'))]) {
    hash.update(file).update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

function findPython() {
  for (const candidate of [process.env.ATLAS_PYTHON, 'python3.11', 'python3.12', 'python3'].filter(Boolean)) {
    const version = output([candidate, '-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
    if (version === '3.11' || version === '3.12')
      return output([candidate, '-c', 'import sys; print(sys.executable)']);
  }
  fail(
    'Python 3.11 or 3.12 is required and none was found on PATH: install python3.11 (or set ATLAS_PYTHON to its path).',
  );
}

function findUv(python) {
  const onPath = output(['uv', '--version']);
  if (onPath) return 'uv';
  const local = join(root, '.tools', 'uv', 'bin', 'uv');
  if (
    output([local, '--version']) === `uv ${UV_VERSION}` ||
    output([local, '--version'])?.startsWith(`uv ${UV_VERSION} `)
  )
    return local;
  process.stderr.write(`python-env: uv not found on PATH, installing uv ${UV_VERSION} into .tools/uv\n`);
  if (run([python, '-m', 'venv', join(root, '.tools', 'uv')]) !== 0)
    fail('could not create .tools/uv: is the python3-venv package installed?');
  if (run([join(root, '.tools', 'uv', 'bin', 'pip'), 'install', '--quiet', `uv==${UV_VERSION}`]) !== 0) {
    fail(
      `could not install uv ${UV_VERSION} from PyPI: check the network or install uv yourself (pip install uv).`,
    );
  }
  return local;
}

const wanted = environmentHash();
if (
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === wanted &&
  existsSync(join(venv, 'bin', 'python'))
) {
  if (!quiet) process.stdout.write('python-env: .venv is up to date with uv.lock\n');
  process.exit(0);
}
const python = findPython();
const uv = findUv(python);
const status = run([uv, 'sync', '--frozen', '--all-packages', '--python', python], {
  env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never', UV_PROJECT_ENVIRONMENT: venv },
});
if (status !== 0)
  fail(
    'uv sync failed (see above); if uv.lock is out of date, run `.tools/uv/bin/uv lock` (or `uv lock`) and commit it.',
  );
writeFileSync(stampFile, wanted);
process.stdout.write(`python-env: .venv synced from uv.lock (${python})\n`);
