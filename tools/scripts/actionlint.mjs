#!/usr/bin/env node
// Lint the GitHub Actions workflows with actionlint, built from its Go module on first use into the
// machine's shared Go tools folder (<user cache>/atlas/go-bin/actionlint-<version>, or
// ATLAS_GO_TOOLS_DIR), like helm and gitleaks: Go is the only requirement, nothing prebuilt is downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 'github.com/rhysd/actionlint/cmd/actionlint';
const VERSION = 'v1.7.12';
const root = fileURLToPath(new URL('../..', import.meta.url));
const tools =
  process.env.ATLAS_GO_TOOLS_DIR ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'atlas', 'go-bin');
const dir = join(tools, `actionlint-${VERSION}`);
const bin = join(dir, 'actionlint');

if (!existsSync(bin)) {
  const go = spawnSync('go', ['install', `${MODULE}@${VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' },
  });
  if (go.error || go.status !== 0) {
    process.stderr.write(
      `actionlint: could not build ${MODULE}@${VERSION}: install Go 1.22+ (https://go.dev/dl) and retry.\n`,
    );
    process.exit(1);
  }
}
const result = spawnSync(bin, ['-no-color'], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
