#!/usr/bin/env node
// The system tools the test suite runs, checked before it starts (npm's pretest runs this): Chromium
// for the site's browser tests, buildah, skopeo and docker-registry for the image specs (build, push
// and pull without a Docker engine, against a registry on loopback), podman and runc for the engine
// @nx/docker's docker CLI targets talk to where no Docker engine answers, git, and Go, which builds the
// pinned linters and helm from the Go module proxy. Whatever is missing is installed with apt-get when
// this runs as root on Debian or Ubuntu (it says what it runs); otherwise it stops with one line per
// missing tool and the command that installs it. ATLAS_PROVISION=check only checks.
import { spawnSync } from 'node:child_process';

/** Each tool: how to find it, the Debian package that provides it, what needs it. */
const TOOLS = [
  {
    tool: 'chromium',
    package: 'chromium',
    why: "the site's browser tests",
    found: () => Boolean(process.env['ATLAS_CHROMIUM']) || has('chromium'),
  },
  { tool: 'buildah', package: 'buildah', why: 'building images without a Docker engine (image specs)' },
  { tool: 'skopeo', package: 'skopeo', why: 'pushing and pulling images (image specs)' },
  { tool: 'docker-registry', package: 'docker-registry', why: 'the loopback registry of the image specs' },
  {
    tool: 'podman',
    package: 'podman',
    why: 'the container engine (a podman API service) docker:build talks to where no Docker engine answers',
  },
  { tool: 'runc', package: 'runc', why: "podman's OCI runtime (crun 1.8 refuses this host's cgroups)" },
  {
    tool: 'docker',
    package: undefined,
    why: "the docker CLI @nx/docker's targets run (a client only: no engine is needed)",
    install:
      "install a docker CLI (Docker's static client binary; Debian's docker.io brings an engine that need not run)",
  },
  { tool: 'git', package: 'git', why: 'the Pages deploy specs and the benchmarks' },
  { tool: 'tar', package: 'tar', why: 'database snapshots of slim dbt builds' },
  {
    tool: 'go',
    package: undefined,
    why: 'building actionlint, helm and gitleaks from the Go module proxy',
    install: 'install Go 1.24 or newer from https://go.dev/dl (Debian packages are older)',
  },
];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(argv) {
  process.stdout.write(`provision: ${argv.join(' ')}\n`);
  const result = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

const missing = TOOLS.filter((t) => !(t.found ? t.found() : has(t.tool)));
if (missing.length === 0) {
  process.stdout.write(
    `provision: every tool the suite runs is here (${TOOLS.map((t) => t.tool).join(', ')}).\n`,
  );
  process.exit(0);
}

const installable = missing.filter((t) => t.package);
const isRoot = process.getuid?.() === 0;
if (process.env['ATLAS_PROVISION'] !== 'check' && isRoot && installable.length > 0 && has('apt-get')) {
  const packages = installable.map((t) => t.package);
  const ok =
    run(['apt-get', 'update', '-qq']) &&
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  if (!ok) process.stderr.write('provision: apt-get failed (see above); install the packages by hand.\n');
}

const still = TOOLS.filter((t) => !(t.found ? t.found() : has(t.tool)));
if (still.length === 0) {
  process.stdout.write(`provision: installed ${installable.map((t) => t.package).join(', ')}.\n`);
  process.exit(0);
}
for (const t of still) {
  const how = t.package ? `${isRoot ? '' : 'sudo '}apt-get install -y ${t.package}` : t.install;
  process.stderr.write(`provision: ${t.tool} is missing (${t.why}): ${how}\n`);
}
process.exit(1);
