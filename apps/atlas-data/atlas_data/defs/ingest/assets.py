"""Ingest assets: the raw.* migrations, then one asset per source. Each runs the TypeScript
`atlas-ingest` CLI through Dagster Pipes; the CLI reports its own materialization (rows, payload
hash as data version) through @atlas/dagster-pipes."""

from functools import cache

import dagster as dg

from atlas_data.defs.ingest.resources import AtlasIngestCli
from atlas_data.defs.ingest.sources import MIGRATIONS_ASSET_KEY, IngestSource, sources

GROUP = "ingest"
KINDS = {"typescript", "postgres"}


@dg.asset(
    key=MIGRATIONS_ASSET_KEY,
    group_name=GROUP,
    kinds=KINDS,
    description="Applies the raw.* SQL migrations (`atlas-ingest migrate`); every source asset depends on it.",
)
def raw_schema_migrations(
    context: dg.AssetExecutionContext,
    atlas_ingest: AtlasIngestCli,
    pipes_subprocess_client: dg.PipesSubprocessClient,
) -> dg.MaterializeResult:
    return pipes_subprocess_client.run(
        context=context,
        command=atlas_ingest.command("migrate"),
        env=atlas_ingest.env(),
    ).get_materialize_result()


def build_source_asset(source: IngestSource) -> dg.AssetsDefinition:
    @dg.asset(
        key=source.asset_key,
        group_name=GROUP,
        kinds=KINDS,
        deps=[MIGRATIONS_ASSET_KEY],
        description=source.description,
        metadata={"source_id": source.source_id, "table": f"raw.{source.table}"},
        op_tags={"atlas/source": source.source_id},
    )
    def _ingest(
        context: dg.AssetExecutionContext,
        atlas_ingest: AtlasIngestCli,
        pipes_subprocess_client: dg.PipesSubprocessClient,
    ) -> dg.MaterializeResult:
        return pipes_subprocess_client.run(
            context=context,
            command=atlas_ingest.command("ingest", source.source_id),
            env=atlas_ingest.env(),
            extras={"source": source.source_id, "table": f"raw.{source.table}"},
        ).get_materialize_result()

    return _ingest


@cache
def ingest_assets() -> tuple[dg.AssetsDefinition, ...]:
    return (raw_schema_migrations, *(build_source_asset(source) for source in sources()))
