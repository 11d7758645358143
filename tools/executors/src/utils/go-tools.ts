import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@atlas/runtime';
import { ExecutorFailure } from './executor-failure.js';

/**
 * Tools built from the Go module proxy at a pinned version (no prebuilt binary is downloaded). Each
 * lands in <user cache>/atlas/go-bin/<name>-<version>/ (ATLAS_GO_TOOLS_DIR to move it), shared by every
 * checkout and clone on the machine like the npm and uv caches, so a fresh clone does not build helm
 * again, and a bump of a pin builds the new version instead of reusing the old binary.
 */
export const GO_TOOLS = {
  helm: { module: 'helm.sh/helm/v4/cmd/helm', version: 'v4.3.2' },
  gitleaks: { module: 'github.com/zricethezav/gitleaks/v8', version: 'v8.30.1' },
} as const;

export type GoToolName = keyof typeof GO_TOOLS;

/** Where the pinned Go tools are kept on this machine. */
export function goToolsDir(): string {
  return (
    process.env['ATLAS_GO_TOOLS_DIR'] ||
    join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'atlas', 'go-bin')
  );
}

export function goToolPath(_workspaceRoot: string, name: GoToolName): string {
  const { version } = GO_TOOLS[name];
  return join(goToolsDir(), `${name}-${version}`, name);
}

/**
 * The path of a pinned Go tool, built with `go install <module>@<version>` on first use (helm ~1-3 min,
 * gitleaks ~40 s on 2 cores with a cold module cache). The build goes to a scratch GOBIN and is renamed
 * into place, so two runs building at once never leave half a binary.
 */
export async function ensureGoTool(
  workspaceRoot: string,
  name: GoToolName,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const bin = goToolPath(workspaceRoot, name);
  if (existsSync(bin)) return bin;
  const { module, version } = GO_TOOLS[name];
  const goBin = goToolsDir();
  mkdirSync(goBin, { recursive: true });
  const scratch = mkdtempSync(join(goBin, `.${name}-build-`));
  try {
    log(`building ${module}@${version} from the Go module proxy (first use)...`);
    const built = await runProcess(['go', 'install', `${module}@${version}`], {
      env: { GOBIN: scratch, GOFLAGS: '-mod=mod' },
      echo: false,
      timeoutMs: 900_000,
      label: 'go',
      tailLines: 40,
    });
    if (built.exitCode !== 0) {
      const why =
        built.exitCode === null && !built.timedOut
          ? 'go is not installed (install Go 1.22+)'
          : built.output.trim().split('\n').at(-1);
      throw new ExecutorFailure(
        `Could not build ${name} ${version} (${module}): ${why}; fix that and retry.`,
      );
    }
    mkdirSync(join(bin, '..'), { recursive: true });
    renameSync(join(scratch, name), bin);
    return bin;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
