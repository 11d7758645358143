"""The code location as Dagster loads it: the asset graph, schedules, and ingest assets run
through Pipes against a stand-in for the ingest CLI."""

import json
from pathlib import Path

import dagster as dg
import pytest
from atlas_data.defs.ingest.resources import AtlasIngestCli
from atlas_data.defs.ingest.sources import MIGRATIONS_ASSET_KEY, sources
from dagster._core.events import DagsterEventType

from atlas_data_tests.conftest import FAKE_INGEST_DIR, clear_factory_caches

# The sources Atlas started with; every source of the catalogue is an asset too (CATALOGUE_KEYS).
RAW_KEYS = {
    dg.AssetKey(["raw", t])
    for t in [
        "kommuner",
        "ssb_population",
        "ssb_crime",
        "fhi_life_expectancy",
        "brreg_enheter",
        "nav_unemployment",
    ]
}


def load_defs() -> dg.Definitions:
    from atlas_data.definitions import defs

    return defs()


def test_asset_graph(parsed_manifest: Path) -> None:
    graph = load_defs().resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    catalogue_keys = {source.asset_key for source in sources()}
    assert MIGRATIONS_ASSET_KEY in keys
    assert catalogue_keys >= RAW_KEYS
    assert keys >= catalogue_keys

    for key in catalogue_keys:
        node = graph.get(key)
        assert node.parent_keys == {MIGRATIONS_ASSET_KEY}, key
        assert node.is_materializable and node.group_name == "ingest"
    assert graph.get(MIGRATIONS_ASSET_KEY).parent_keys == set()

    # Every dbt model of the manifest is an asset; staging reads exactly its raw table.
    manifest = json.loads((parsed_manifest / "manifest.json").read_text())
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert len(models) >= 10
    for source in sources():
        staging = graph.get(dg.AssetKey(["staging", f"stg_{source.table}"]))
        assert staging.parent_keys == {source.asset_key}, source.source_id
    assert graph.get(dg.AssetKey(["marts", "dim_kommune"])).parent_keys >= {
        dg.AssetKey(["staging", "stg_kommuner"])
    }
    api = [k for k in keys if k.path[0] == "api_v1"]
    assert {k.path[-1] for k in api} == {
        "api_v1_kommuner",
        "api_v1_indicators",
        "api_v1_kommune_indicators",
        "api_v1_kommune_businesses",
    }

    # dbt sources never become assets of their own beside the ingest assets.
    assert not [k for k in keys if k.path[0] == "raw" and k not in catalogue_keys]
    # dbt tests arrive as asset checks.
    assert len(list(graph.asset_check_keys)) > 0


def test_schedules_and_jobs(parsed_manifest: Path) -> None:
    defs = load_defs()
    schedules = {s.name: s for s in defs.schedules}
    assert set(schedules) == {f"ingest_{s.slug}_schedule" for s in sources()} | {"dbt_build_daily"}
    assert schedules["ingest_kommuner_schedule"].cron_schedule == "0 2 * * 1"
    assert schedules["ingest_brreg_enheter_schedule"].cron_schedule == "0 3 * * *"
    assert all(s.execution_timezone == "Europe/Oslo" for s in schedules.values())
    job = defs.resolve_job_def("ingest_ssb_crime")
    assert set(job.asset_layer.selected_asset_keys) == {
        MIGRATIONS_ASSET_KEY,
        dg.AssetKey(["raw", "ssb_crime"]),
    }
    dbt_job = defs.resolve_job_def("dbt_build")
    assert all(k.path[0] in {"staging", "marts", "api_v1"} for k in dbt_job.asset_layer.selected_asset_keys)


def test_missing_manifest_stops_loading_with_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_DBT_TARGET_PATH", str(tmp_path))
    clear_factory_caches()
    try:
        with pytest.raises(Exception, match="dbt manifest not found"):
            load_defs()
    finally:
        clear_factory_caches()


def test_ingest_assets_run_the_cli_through_pipes(parsed_manifest: Path) -> None:
    from atlas_data.defs.ingest.assets import ingest_assets

    cli = AtlasIngestCli(
        ingest_dir=str(FAKE_INGEST_DIR), fixtures=True, database_url="postgres://u@127.0.0.1:1/db"
    )
    selected = [
        a for a in ingest_assets() if a.key in {MIGRATIONS_ASSET_KEY, dg.AssetKey(["raw", "kommuner"])}
    ]
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            selected,
            instance=instance,
            resources={"atlas_ingest": cli, "pipes_subprocess_client": dg.PipesSubprocessClient()},
        )
        assert result.success
        migrations = result.asset_materializations_for_node("raw_schema_migrations")[0].metadata
        assert migrations["applied_count"] == dg.IntMetadataValue(1)
        kommuner = instance.fetch_materializations(dg.AssetKey(["raw", "kommuner"]), limit=1).records[0]
        metadata = kommuner.asset_materialization.metadata
        assert metadata["rows"] == dg.IntMetadataValue(12)
        assert metadata["source"] == dg.TextMetadataValue("kommuner")
        assert metadata["url"] == dg.UrlMetadataValue("http://127.0.0.1/fixtures")
        sha = metadata["payload_sha256"].value
        assert len(sha) == 64
        assert kommuner.asset_materialization.tags["dagster/data_version"] == sha


def test_a_failing_ingest_fails_the_step_with_its_message() -> None:
    from atlas_data.defs.ingest.assets import build_source_asset
    from atlas_data.defs.ingest.sources import IngestSource

    broken = build_source_asset(IngestSource("broken-source", "broken", "always fails", "0 4 * * *"))
    cli = AtlasIngestCli(ingest_dir=str(FAKE_INGEST_DIR), database_url="postgres://u@127.0.0.1:1/db")
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [broken],
            instance=instance,
            resources={"atlas_ingest": cli, "pipes_subprocess_client": dg.PipesSubprocessClient()},
            raise_on_error=False,
        )
        assert not result.success
        reported = [
            e.event_log_entry.dagster_event.engine_event_data.error.message
            for e in instance.get_records_for_run(
                result.run_id, of_type=DagsterEventType.ENGINE_EVENT
            ).records
            if e.event_log_entry.dagster_event.engine_event_data.error
        ]
        assert "broken-source: upstream answered HTTP 500" in reported
