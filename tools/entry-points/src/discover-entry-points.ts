import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { nxArgv } from '@atlas/runtime';
import { basename, dirname, join, normalize, relative } from 'node:path';

/** Documents: Markdown pages and READMEs. */
const DOCUMENT = /\.mdx?$/;

/**
 * The programs of this repository a person or a pipeline starts, found from what the files say:
 * - the `bin` entries and the scripts (package scripts are Nx targets too) of every package.json;
 * - the scripts the targets of every project run (project.json and the targets the plugins infer) (`node`, `tsx`, `sh` or `bash` followed by a
 *   file of the repository, or a command that is itself such a file);
 * - every file that starts with `#!`, Markdown documents aside (they are read, never run).
 * Each maps to the places that name it. Paths are relative to the workspace root, with `/`.
 */
export function discoverEntryPoints(root: string): Map<string, string[]> {
  const tracked = new Set(
    execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\0')
      .filter(Boolean),
  );
  const found = new Map<string, string[]>();
  const add = (path: string, via: string) => {
    if (!tracked.has(path)) return;
    found.set(path, [...(found.get(path) ?? []), via]);
  };

  for (const file of tracked) {
    const name = basename(file);
    if (name === 'package.json') {
      for (const [bin, target] of Object.entries(packageBins(join(root, file))))
        add(inRepo(dirname(file), target), `bin ${bin} of ${file}`);
      for (const [script, command] of Object.entries(packageScripts(join(root, file)))) {
        const path = scriptOf(command);
        if (path) add(inRepo(dirname(file), path), `script ${script} of ${file}`);
      }
    } else if (name === 'project.json') {
      for (const { target, cwd, command } of targetCommands(join(root, file), dirname(file))) {
        const script = scriptOf(command);
        if (script) add(inRepo(cwd, script), `target ${target} of ${file}`);
      }
    }
    if (!DOCUMENT.test(file) && startsWithShebang(join(root, file))) add(file, 'starts with #!');
  }
  // Targets the workspace plugin infers run scripts too: the project graph has them all.
  for (const { project, target, cwd, command } of graphTargetCommands(root)) {
    const script = scriptOf(command);
    if (script) add(inRepo(cwd, script), `target ${target} of project ${project}`);
  }
  return found;
}

/** The command of every target in the project graph (`nx graph --file`), with the folder it runs in. */
function graphTargetCommands(root: string): Array<TargetCommand & { project: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-entry-points-graph-'));
  try {
    const file = join(scratch, 'graph.json');
    const [program, ...args] = nxArgv(['graph', `--file=${file}`]);
    execFileSync(program as string, args, {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false', NX_WORKSPACE_DATA_DIRECTORY: join(scratch, 'nx') },
    });
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: { nodes: Record<string, { data: { root: string; targets?: Record<string, Target> } }> };
    };
    return Object.entries(graph.nodes).flatMap(([project, node]) =>
      commandsOf(node.data.targets ?? {}, node.data.root).map((c) => ({ ...c, project })),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function inRepo(dir: string, path: string): string {
  return normalize(join(dir, path)).split('\\').join('/');
}

function packageScripts(file: string): Record<string, string> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
}

function packageBins(file: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    name?: string;
    bin?: string | Record<string, string>;
  };
  if (typeof manifest.bin === 'string') return { [manifest.name ?? file]: manifest.bin };
  return manifest.bin ?? {};
}

interface TargetCommand {
  target: string;
  /** Folder the command runs in, relative to the workspace root. */
  cwd: string;
  command: string;
}

type Target = {
  command?: string;
  options?: { command?: string; commands?: (string | { command: string })[]; cwd?: string };
};

function targetCommands(file: string, projectRoot: string): TargetCommand[] {
  const project = JSON.parse(readFileSync(file, 'utf8')) as { targets?: Record<string, Target> };
  return commandsOf(project.targets ?? {}, projectRoot);
}

function commandsOf(targets: Record<string, Target>, projectRoot: string): TargetCommand[] {
  const commands: TargetCommand[] = [];
  for (const [target, config] of Object.entries(targets)) {
    // run-commands runs in the workspace root unless the target names another folder.
    const cwd = (config.options?.cwd ?? '.')
      .replaceAll('{workspaceRoot}', '.')
      .replaceAll('{projectRoot}', projectRoot);
    const all = [
      config.command,
      config.options?.command,
      ...(config.options?.commands ?? []).map((c) => (typeof c === 'string' ? c : c.command)),
    ];
    for (const command of all) {
      if (command) commands.push({ target, cwd: relative('.', cwd) || '.', command });
    }
  }
  return commands;
}

const RUNNERS = new Set(['node', 'tsx', 'sh', 'bash']);
const SCRIPT = /\.(?:[cm]?[jt]s|sh)$/;
/** Runner options whose value is the next word (`node --import tsx file.ts`). */
const OPTIONS_WITH_VALUE = new Set(['--import', '--require', '-r', '--loader']);

/** The script a command line starts, if it starts one of this repository's files. */
export function scriptOf(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  const first = words[0] ?? '';
  if (SCRIPT.test(first)) return first;
  if (!RUNNERS.has(basename(first))) return undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (OPTIONS_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return SCRIPT.test(word) ? word : undefined;
  }
  return undefined;
}

function startsWithShebang(file: string): boolean {
  const buffer = Buffer.alloc(2);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readSync(fd, buffer, 0, 2, 0) === 2 && buffer.toString('latin1') === '#!';
  } catch {
    // A tracked file deleted in the working tree, or a folder (a submodule): not a program.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
