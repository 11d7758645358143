export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command =
  | { kind: 'help' }
  | { kind: 'sources' }
  | { kind: 'migrate' }
  | { kind: 'ingest'; sources: 'all' | string[]; fixtures: boolean; fixturesDir?: string }
  | { kind: 'check'; sources: 'all' | string[]; live: boolean; fixturesDir?: string };

export const USAGE = `usage: atlas-ingest <command> [options]

commands:
  migrate                 apply the SQL migrations of raw.* (ATLAS_DATABASE_URL)
  ingest <source>...      fetch, validate and load sources into raw.* (ATLAS_DATABASE_URL)
  ingest --all            every source of the catalogue, in order
  sources                 list the source catalogue

options:
  --fixtures              serve the recorded fixtures on loopback and fetch from there (offline)
  --fixtures-dir <dir>    like --fixtures, from another folder laid out as fixtures/<source>/
  -h, --help              this text

exit codes: 0 ok, 1 a load, migration or check failed, 2 usage error`;

/** Parse argv (without node and the script). Throws UsageError with one line on bad usage. */
export function parseArgs(argv: readonly string[]): Command {
  const positional: string[] = [];
  let all = false;
  let fixtures = false;
  let live = false;
  let fixturesDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    else if (arg === '--all') all = true;
    else if (arg === '--fixtures') fixtures = true;
    else if (arg === '--live') live = true;
    else if (arg === '--fixtures-dir' || arg.startsWith('--fixtures-dir=')) {
      fixturesDir = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!fixturesDir) throw new UsageError('--fixtures-dir needs a folder: --fixtures-dir <dir>.');
      fixtures = true;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}": run atlas-ingest --help.`);
    else positional.push(arg);
  }
  const [command, ...rest] = positional;
  switch (command) {
    case undefined:
      throw new UsageError(
        'no command given: use migrate, ingest <source> | ingest --all, sources, or check --live | --fixtures (atlas-ingest --help).',
      );
    case 'sources':
    case 'migrate':
      if (live) throw new UsageError(`--live only applies to check, not ${command}.`);
      if (rest.length > 0 || all)
        throw new UsageError(
          `${command} takes no arguments (got "${[...rest, ...(all ? ['--all'] : [])].join(' ')}").`,
        );
      if (fixtures) throw new UsageError(`--fixtures only applies to ingest, not ${command}.`);
      return { kind: command };
    case 'check':
      if (live === fixtures)
        throw new UsageError(
          'check needs exactly one of --live (the upstreams) or --fixtures / --fixtures-dir <dir> (recorded payloads).',
        );
      return {
        kind: 'check',
        sources: rest.length > 0 ? rest : 'all',
        live,
        ...(fixturesDir ? { fixturesDir } : {}),
      };
    case 'ingest':
      if (live)
        throw new UsageError(
          '--live only applies to check; ingest fetches the upstreams unless --fixtures is given.',
        );
      if (all && rest.length > 0) throw new UsageError('ingest takes either source ids or --all, not both.');
      if (!all && rest.length === 0)
        throw new UsageError('ingest needs a source id or --all: atlas-ingest sources lists the ids.');
      return {
        kind: 'ingest',
        sources: all ? 'all' : rest,
        fixtures,
        ...(fixturesDir ? { fixturesDir } : {}),
      };
    default:
      throw new UsageError(
        `unknown command "${command}": use migrate, ingest, sources or check (atlas-ingest --help).`,
      );
  }
}
