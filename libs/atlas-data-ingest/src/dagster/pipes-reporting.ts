import type { PipesContext, PipesMetadataValue } from '@atlas/dagster-pipes';
import { MetadataValue, withDagsterPipes } from '@atlas/dagster-pipes/extras';
import type { IngestResult } from '../load/ingest-source.js';
import type { MigrationResult } from '../migrate/migrator.js';

/**
 * How the ingest reports to Dagster when the code location runs it through Pipes: one
 * `atlas-ingest ingest <source>` is the step of the asset raw/<table>, and its load is that asset's
 * materialization; `atlas-ingest migrate` is the step of raw_schema_migrations.
 */

/** The materialization metadata of a load: what raw._loads records, typed for the Dagster UI. */
export function ingestLoadMetadata(load: IngestResult): Record<string, PipesMetadataValue> {
  return {
    source: MetadataValue.text(load.source),
    table: MetadataValue.text(load.table),
    rows: MetadataValue.int(load.rows),
    payload_sha256: MetadataValue.text(load.payloadSha256),
    load_id: MetadataValue.text(String(load.loadId)),
    url: MetadataValue.url(load.url),
    started_at: MetadataValue.timestamp(load.startedAt),
    finished_at: MetadataValue.timestamp(load.finishedAt),
    duration_seconds: MetadataValue.float((load.finishedAt.getTime() - load.startedAt.getTime()) / 1000),
  };
}

/**
 * Reports a finished load as the materialization of the step's asset. The payload hash is the data
 * version, so Dagster marks the downstream dbt assets stale only when the upstream data changed.
 */
export function reportIngestLoad(pipes: PipesContext, load: IngestResult): void {
  pipes.reportAssetMaterialization(ingestLoadMetadata(load), load.payloadSha256);
}

export function reportMigrations(pipes: PipesContext, run: MigrationResult): void {
  pipes.reportAssetMaterialization({
    applied_count: MetadataValue.int(run.applied.length),
    applied: MetadataValue.json(run.applied),
    already_applied: MetadataValue.int(run.alreadyApplied),
    // Always there, empty or not: the loads this migrate marked abandoned (killed earlier).
    abandoned_loads: MetadataValue.json(run.abandoned),
  });
}

/**
 * `atlas-ingest ingest <source>`: runs the load in a Pipes session (a quiet no-op from a terminal),
 * reports its materialization, and reports a failure's exception before rethrowing it.
 */
export function runIngestWithPipes(load: () => Promise<IngestResult>): Promise<IngestResult> {
  return withDagsterPipes(
    async (pipes) => {
      const result = await load();
      pipes.logger.info(
        `${result.source}: ${result.rows} rows loaded into ${result.table} (load ${result.loadId})`,
      );
      reportIngestLoad(pipes, result);
      return result;
    },
    { quietOutsideDagster: true },
  );
}

/** `atlas-ingest migrate`, the same way. */
export function runMigrationsWithPipes(migrate: () => Promise<MigrationResult>): Promise<MigrationResult> {
  return withDagsterPipes(
    async (pipes) => {
      const result = await migrate();
      pipes.logger.info(
        `migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`,
      );
      reportMigrations(pipes, result);
      return result;
    },
    { quietOutsideDagster: true },
  );
}
