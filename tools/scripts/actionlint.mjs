#!/usr/bin/env node
// Lint the GitHub Actions workflows with actionlint, built from its Go module into .tools/go-bin
// on first use (the Go toolchain is the only requirement; no prebuilt binary is downloaded).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTIONLINT = 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.12';
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, '.tools', 'go-bin', 'actionlint');

if (!existsSync(bin)) {
  const go = spawnSync('go', ['install', ACTIONLINT], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: join(root, '.tools', 'go-bin'), GOFLAGS: '-mod=mod' },
  });
  if (go.error || go.status !== 0) {
    process.stderr.write(
      `actionlint: could not build ${ACTIONLINT}: install Go 1.22+ (https://go.dev/dl) and retry.\n`,
    );
    process.exit(1);
  }
}
const result = spawnSync(bin, ['-no-color'], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
