import { resolve } from 'node:path';
import { withDagsterPipes } from '@atlas/dagster-pipes/extras';
import { findSource, SOURCE_IDS, SOURCES } from '../catalogue/catalogue.js';
import type { SourceDefinition } from '../catalogue/source-definition.js';
import { runIngestWithPipes, runMigrationsWithPipes } from '../dagster/pipes-reporting.js';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { checkSources } from '../check/check-sources.js';
import { ingestSource, type IngestResult } from '../load/ingest-source.js';
import { migrate } from '../migrate/migrator.js';
import { parseArgs, USAGE, UsageError } from './args.js';
import { sourcesTable } from './sources-table.js';

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function databaseUrl(io: CliIo): string {
  const url = io.env['ATLAS_DATABASE_URL'];
  if (!url) {
    throw new UsageError(
      'ATLAS_DATABASE_URL is not set: set it to the PostgreSQL connection URL of the Atlas database, e.g. postgres://user:password@127.0.0.1:5432/atlas.',
    );
  }
  return url;
}

function resolveSources(ids: 'all' | string[]): SourceDefinition[] {
  if (ids === 'all') return [...SOURCES];
  return ids.map((id) => {
    const source = findSource(id);
    if (!source)
      throw new UsageError(
        `unknown source "${id}": use one of ${SOURCE_IDS.join(', ')} (atlas-ingest sources).`,
      );
    return source;
  });
}

function summary(load: IngestResult): string {
  const seconds = (load.finishedAt.getTime() - load.startedAt.getTime()) / 1000;
  return `${load.source}: ${load.rows} rows loaded into ${load.table} (load ${load.loadId}, sha256 ${load.payloadSha256.slice(0, 12)}, ${seconds.toFixed(1)} s)`;
}

async function runIngest(
  url: string,
  sources: SourceDefinition[],
  fixtures: FixtureServer | undefined,
  io: CliIo,
): Promise<number> {
  const load = (source: SourceDefinition) =>
    ingestSource(source, {
      databaseUrl: url,
      log: io.err,
      ...(fixtures ? { baseUrl: fixtures.baseUrlOf(source.id) } : {}),
    });
  if (sources.length === 1) {
    // One source = one Dagster asset step: the load is that asset's materialization.
    let result: IngestResult | undefined;
    await runIngestWithPipes(async () => (result = await load(sources[0] as SourceDefinition)));
    if (result) io.out(summary(result));
    return EXIT_OK;
  }
  // Several sources in one process (ingest --all): every source is tried, each in its own
  // transaction; under Dagster they are logged, since one step cannot materialize assets it does not own.
  const failures = await withDagsterPipes(
    async (pipes) => {
      const failed: string[] = [];
      for (const source of sources) {
        try {
          const result = await load(source);
          io.out(summary(result));
          pipes.logger.info(summary(result));
        } catch (error) {
          io.err(`atlas-ingest: ${(error as Error).message}`);
          pipes.logger.error((error as Error).message);
          failed.push(source.id);
        }
      }
      return failed;
    },
    { quietOutsideDagster: true },
  );
  if (failures.length > 0) {
    io.err(
      `atlas-ingest: ${failures.length} of ${sources.length} sources failed (${failures.join(', ')}); the others were loaded.`,
    );
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

/** The whole CLI as a function: parses argv, runs the command, returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.kind) {
      case 'help':
        io.out(USAGE);
        return EXIT_OK;
      case 'sources':
        io.out(sourcesTable(SOURCES));
        return EXIT_OK;
      case 'migrate': {
        const url = databaseUrl(io);
        const result = await runMigrationsWithPipes(() => migrate(url, { log: (line) => io.out(line) }));
        io.out(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
        if (result.abandoned.length > 0)
          io.out(
            `marked ${result.abandoned.length} load(s) abandoned, their process ended without finishing: ${result.abandoned.join(', ')}`,
          );
        return EXIT_OK;
      }
      case 'check': {
        const sources = resolveSources(command.sources);
        const fixtures = command.live
          ? undefined
          : await startFixtureServer(SOURCES, command.fixturesDir ? resolve(command.fixturesDir) : undefined);
        try {
          const results = await checkSources(
            sources,
            { baseUrlOf: (source) => (fixtures ? fixtures.baseUrlOf(source.id) : source.baseUrl) },
            (result) => (result.status === 'ok' ? io.out(result.line) : io.err(result.line)),
          );
          const bad = results.filter((r) => r.status !== 'ok');
          if (bad.length > 0) {
            io.err(
              `atlas-ingest: check: ${bad.length} of ${results.length} sources differ from their recorded fixtures or could not be read (${bad.map((r) => r.source).join(', ')}).`,
            );
            return EXIT_FAILED;
          }
          return EXIT_OK;
        } finally {
          await fixtures?.close();
        }
      }
      case 'ingest': {
        const sources = resolveSources(command.sources);
        const url = databaseUrl(io);
        const fixtures = command.fixtures
          ? await startFixtureServer(SOURCES, command.fixturesDir ? resolve(command.fixturesDir) : undefined)
          : undefined;
        try {
          return await runIngest(url, sources, fixtures, io);
        } finally {
          await fixtures?.close();
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`atlas-ingest: ${error.message}`);
      return EXIT_USAGE;
    }
    io.err(`atlas-ingest: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`);
    return EXIT_FAILED;
  }
}
