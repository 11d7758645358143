"""dbt assets from the dbt project's manifest, joined to the ingest assets through the translator."""

from collections.abc import Mapping
from functools import cache
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from atlas_data.defs.dbt.resources import apply_dbt_env, dbt_project, manifest_path
from atlas_data.defs.ingest.sources import source_by_table

RAW_SOURCE = "raw"


class UnknownRawSourceError(ValueError):
    pass


class AtlasDbtTranslator(DagsterDbtTranslator):
    """dbt source raw.<table> is the ingest asset that loads that table; models group by folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if (
            dbt_resource_props.get("resource_type") == "source"
            and dbt_resource_props.get("source_name") == RAW_SOURCE
        ):
            table = dbt_resource_props["name"]
            source = source_by_table(table)
            if source is None:
                raise UnknownRawSourceError(
                    f"dbt source raw.{table} has no ingest source: add it to the ingest catalogue "
                    "(libs/atlas-data-ingest/src/catalogue/sources.json) or remove it from the dbt sources."
                )
            return source.asset_key
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props.get("resource_type") == "seed":
            return "dbt_seeds"
        # fqn = [project, folder, ..., name]: staging / marts / api_v1
        return f"dbt_{fqn[1]}" if len(fqn) > 2 else "dbt"


@cache
def dbt_build_assets() -> dg.AssetsDefinition:
    project = dbt_project()

    @dbt_assets(
        manifest=manifest_path(project),
        project=project,
        dagster_dbt_translator=AtlasDbtTranslator(),
        name="atlas_dbt",
    )
    def atlas_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        apply_dbt_env()
        yield from dbt.cli(["build"], context=context).stream()

    return atlas_dbt
