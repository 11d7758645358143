import { runProcess } from '@atlas/runtime';
import { ExecutorFailure } from './executor-failure.js';

/** Debian package of each container tool this folder drives. */
const PACKAGES: Record<string, string> = {
  buildah: 'buildah',
  skopeo: 'skopeo',
  podman: 'podman',
  runc: 'runc',
  debootstrap: 'debootstrap',
  'docker-registry': 'docker-registry',
};

/** Fail with one line naming the package to install when a tool is not on PATH. */
export async function requireTool(tool: string): Promise<void> {
  const result = await runProcess([tool, '--version'], { echo: false, timeoutMs: 30_000 });
  if (result.exitCode === null && !result.timedOut) {
    const pkg = PACKAGES[tool] ?? tool;
    throw new ExecutorFailure(
      `${tool} is not installed here: install it (as root: apt-get install -y ${pkg}) and run again.`,
    );
  }
}

/** Run a container tool; a non-zero exit becomes one line with the tool's last words. */
export async function runTool(
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string; echo?: boolean; timeoutMs?: number; what: string },
): Promise<string> {
  const result = await runProcess(argv, {
    env: options.env,
    cwd: options.cwd,
    echo: options.echo ?? false,
    timeoutMs: options.timeoutMs ?? 600_000,
    label: argv[0],
    tailLines: 400,
  });
  if (result.exitCode !== 0) {
    const last = lastWords(result.output);
    const why = result.timedOut
      ? 'timed out'
      : result.exitCode === null
        ? `could not start (${last})`
        : `failed: ${last}`;
    throw new ExecutorFailure(
      `${options.what}: ${argv[0]} ${argv[1] ?? ''} ${why}`.replace(/\s+/g, ' ').trim(),
    );
  }
  return result.output;
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The most telling line of a tool's output: its last "Error:"/"error" line, else its last line. */
export function lastWords(output: string): string {
  // buildah run's own closing words say nothing about why the command failed.
  const lines = output
    // buildah run writes its own closing words without a line break before them.
    .replace(/(?<=\S)(?<!sub)(?=(?:sub)?process exited with)/g, '\n')
    .split('\n')
    .map((l) => l.replace(ANSI_COLOUR, '').trim())
    .filter(
      (l) =>
        l &&
        !/^(sub)?process exited with (status \d+|error: exec: not started)$/.test(l) &&
        !/^Error: exit status \d+$/.test(l),
    );
  const python = [...lines].reverse().find((l) => /^[\w.]+(Error|Exception): /.test(l));
  const error =
    python ??
    [...lines].reverse().find((l) => /^(error|Error:|FATA|E: )/i.test(l) || /level=(fatal|error)/.test(l));
  return (error ?? lines.at(-1) ?? 'no output').replace(/^time="[^"]*"\s+level=\w+\s+msg=/, '').slice(0, 400);
}
