import type { PipesContext } from './context.js';
import { MetadataValue } from './metadata.js';
import type { PipesMetadata } from './protocol.js';
import { withDagsterPipes } from './with-dagster-pipes.js';

/** What one `atlas-ingest ingest <source>` load produced (a row of raw._loads). */
export interface IngestLoadReport {
  /** Source id of the catalogue, e.g. "ssb-population". */
  source: string;
  /** Target table, e.g. "raw.ssb_population". */
  table: string;
  rows: number;
  /** Hex SHA-256 of the upstream payload as fetched. */
  payloadSha256: string;
  /** raw._loads.load_id of this load. */
  loadId: number | bigint | string;
  /** Where the payload came from (the upstream API or the loopback fixture server). */
  url?: string;
  startedAt?: Date;
  finishedAt?: Date;
}

/** What one `atlas-ingest migrate` run did. */
export interface MigrationReport {
  /** Files applied by this run, in order. */
  applied: string[];
  /** Files that were already applied before this run. */
  alreadyApplied: number;
  /** Sources of the loads this run marked abandoned (their process had died), one per load. */
  abandoned?: string[];
}

export function ingestLoadMetadata(load: IngestLoadReport): PipesMetadata {
  const metadata: PipesMetadata = {
    source: MetadataValue.text(load.source),
    table: MetadataValue.text(load.table),
    rows: MetadataValue.int(load.rows),
    payload_sha256: MetadataValue.text(load.payloadSha256),
    load_id: MetadataValue.text(String(load.loadId)),
  };
  if (load.url) metadata['url'] = MetadataValue.url(load.url);
  if (load.startedAt) metadata['started_at'] = MetadataValue.timestamp(load.startedAt);
  if (load.finishedAt) metadata['finished_at'] = MetadataValue.timestamp(load.finishedAt);
  if (load.startedAt && load.finishedAt) {
    metadata['duration_seconds'] = MetadataValue.float(
      (load.finishedAt.getTime() - load.startedAt.getTime()) / 1000,
    );
  }
  return metadata;
}

/**
 * Reports a finished load as the materialization of the step's asset (raw/<table>). The payload
 * hash is the data version, so Dagster marks downstream dbt assets stale only when upstream data
 * actually changed.
 */
export function reportIngestLoad(pipes: PipesContext, load: IngestLoadReport): void {
  pipes.reportAssetMaterialization(ingestLoadMetadata(load), load.payloadSha256);
}

export function reportMigrations(pipes: PipesContext, run: MigrationReport): void {
  pipes.reportAssetMaterialization({
    applied_count: MetadataValue.int(run.applied.length),
    applied: MetadataValue.json(run.applied),
    already_applied: MetadataValue.int(run.alreadyApplied),
    ...(run.abandoned ? { abandoned_loads: MetadataValue.json(run.abandoned) } : {}),
  });
}

/**
 * The one call the ingest CLI makes for `ingest <source>`: runs the load inside a Pipes session
 * (quiet no-op from a terminal), reports its materialization, and reports a failure's exception.
 */
export function runIngestWithPipes(load: () => Promise<IngestLoadReport>): Promise<IngestLoadReport> {
  return withDagsterPipes(
    async (pipes) => {
      const result = await load();
      pipes.log.info(
        `${result.source}: ${result.rows} rows loaded into ${result.table} (load ${String(result.loadId)})`,
      );
      reportIngestLoad(pipes, result);
      return result;
    },
    { quietOutsideDagster: true },
  );
}

/** The one call the ingest CLI makes for `migrate`. */
export function runMigrationsWithPipes<T extends MigrationReport>(migrate: () => Promise<T>): Promise<T> {
  return withDagsterPipes(
    async (pipes) => {
      const result = await migrate();
      pipes.log.info(
        `migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`,
      );
      reportMigrations(pipes, result);
      return result;
    },
    { quietOutsideDagster: true },
  );
}
