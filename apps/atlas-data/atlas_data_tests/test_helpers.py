"""Pure helpers, without dbt or dagster runs."""

import json
from pathlib import Path

import dagster as dg
import pytest
from atlas_data import paths
from atlas_data.defs.dbt.assets import AtlasDbtTranslator, UnknownRawSourceError
from atlas_data.defs.dbt.resources import (
    DbtManifestMissingError,
    apply_dbt_env,
    dbt_env_from_database_url,
    dbt_project,
    manifest_path,
)
from atlas_data.defs.ingest.resources import AtlasIngestCli, IngestCliNotFoundError, ingest_bin
from atlas_data.defs.ingest.schedules import default_schedule_status
from atlas_data.defs.ingest.sources import (
    IngestCatalogueError,
    catalogue_path,
    read_catalogue,
    source_by_table,
    sources,
)

from atlas_data_tests.conftest import FAKE_INGEST_DIR, clear_factory_caches


def test_paths_default_to_the_monorepo_and_follow_the_environment(tmp_path: Path) -> None:
    assert paths.dbt_project_dir({}) == (paths.REPO_ROOT / "libs" / "dbt-project").resolve()
    assert paths.ingest_dir({}) == (paths.REPO_ROOT / "libs" / "atlas-data-ingest").resolve()
    assert paths.dbt_project_dir({"ATLAS_DBT_PROJECT_DIR": str(tmp_path)}) == tmp_path.resolve()
    assert paths.ingest_dir({"ATLAS_INGEST_DIR": str(tmp_path)}) == tmp_path.resolve()
    assert paths.dbt_target_path({}) == Path("target")
    assert paths.dbt_target_path({"ATLAS_DBT_TARGET_PATH": "/baked/target"}) == Path("/baked/target")


def test_pyproject_declares_the_same_paths_as_the_defaults() -> None:
    import tomllib

    pyproject = tomllib.loads((paths.APP_DIR / "pyproject.toml").read_text())
    location = pyproject["tool"]["atlas"]["code-location"]
    assert location["module"] == "atlas_data.definitions"
    assert (paths.APP_DIR / location["dbt-project"]).resolve() == paths.dbt_project_dir({})
    assert (paths.APP_DIR / location["ingest"]).resolve() == paths.ingest_dir({})


def test_dbt_env_from_database_url_splits_and_unquotes() -> None:
    env = dbt_env_from_database_url(
        "postgresql://atlas%40owner:p%2Fw%3Ad@db.internal:6543/atlas?sslmode=require"
    )
    assert env == {
        "DBT_PG_HOST": "db.internal",
        "DBT_PG_PORT": "6543",
        "DBT_PG_USER": "atlas@owner",
        "DBT_PG_PASSWORD": "p/w:d",
        "DBT_PG_DBNAME": "atlas",
        "DBT_PG_SSLMODE": "require",
    }
    assert dbt_env_from_database_url("postgres://u@127.0.0.1/db")["DBT_PG_PORT"] == "5432"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h", "not a url"])
def test_dbt_env_from_database_url_rejects_other_urls(url: str) -> None:
    with pytest.raises(ValueError, match="must look like postgres://"):
        dbt_env_from_database_url(url)


def test_apply_dbt_env_keeps_explicit_variables() -> None:
    environ = {"ATLAS_DATABASE_URL": "postgres://u:p@h:1/db", "DBT_PG_HOST": "explicit"}
    apply_dbt_env(environ)
    assert environ["DBT_PG_HOST"] == "explicit"
    assert environ["DBT_PG_USER"] == "u"
    untouched: dict[str, str] = {}
    apply_dbt_env(untouched)
    assert untouched == {}


def test_ingest_bin_reads_the_package_bin(tmp_path: Path) -> None:
    assert ingest_bin(FAKE_INGEST_DIR) == (FAKE_INGEST_DIR / "bin" / "atlas-ingest.mjs").resolve()
    with pytest.raises(IngestCliNotFoundError, match="does not exist: set ATLAS_INGEST_DIR"):
        ingest_bin(tmp_path)
    (tmp_path / "package.json").write_text(json.dumps({"name": "x"}))
    with pytest.raises(IngestCliNotFoundError, match="declares no `atlas-ingest` bin"):
        ingest_bin(tmp_path)
    (tmp_path / "package.json").write_text(json.dumps({"bin": {"atlas-ingest": "./bin/missing.mjs"}}))
    with pytest.raises(IngestCliNotFoundError, match="missing.mjs does not exist"):
        ingest_bin(tmp_path)


def test_ingest_cli_command_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = AtlasIngestCli(ingest_dir=str(FAKE_INGEST_DIR), fixtures=True, database_url="postgres://u@h/db")
    argv = cli.command("ingest", "kommuner")
    assert argv[0].endswith("node")
    assert argv[1:] == [str(FAKE_INGEST_DIR / "bin" / "atlas-ingest.mjs"), "ingest", "kommuner", "--fixtures"]
    assert cli.env() == {"ATLAS_DATABASE_URL": "postgres://u@h/db"}
    # The CLI takes the fixture options on `ingest` only (it refuses them on `migrate`).
    assert cli.command("migrate")[2:] == ["migrate"]
    from_dir = AtlasIngestCli(ingest_dir=str(FAKE_INGEST_DIR), fixtures=True, fixtures_dir="some/fixtures")
    assert from_dir.command("ingest", "kommuner")[2:] == [
        "ingest",
        "kommuner",
        "--fixtures-dir",
        str(Path("some/fixtures").resolve()),
    ]
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    with pytest.raises(dg.Failure, match="ATLAS_DATABASE_URL is not set"):
        AtlasIngestCli().env()


def test_the_sources_and_schedules_come_from_the_ingest_catalogue() -> None:
    # The ingest's catalogue file is the one list; the code location keeps no copy of it.
    assert catalogue_path() == paths.ingest_dir({}) / "src" / "catalogue" / "sources.json"
    catalogue = json.loads(catalogue_path().read_text(encoding="utf-8"))
    assert [(s.source_id, s.table, s.schedule) for s in sources()] == [
        (e["id"], e["table"], e["schedule"]) for e in catalogue["sources"]
    ]
    # The sources Atlas started with come first; generated ones follow.
    assert [s.source_id for s in sources()][:6] == [
        "kommuner",
        "ssb-population",
        "ssb-crime",
        "fhi-life-expectancy",
        "brreg-enheter",
        "nav-unemployment",
    ]
    assert len({s.table for s in sources()}) == len(sources())
    assert all(len(s.schedule.split()) == 5 for s in sources())
    assert source_by_table("ssb_crime").source_id == "ssb-crime"
    assert source_by_table("nope") is None


def test_a_broken_catalogue_stops_loading_with_one_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "sources.json"
    with pytest.raises(IngestCatalogueError, match="does not exist: set ATLAS_INGEST_DIR"):
        read_catalogue(missing)
    missing.write_text("{", encoding="utf-8")
    with pytest.raises(IngestCatalogueError, match="is not valid JSON"):
        read_catalogue(missing)
    missing.write_text(json.dumps({"timezone": "Europe/Oslo", "sources": [{"id": "x", "table": "x"}]}))
    with pytest.raises(IngestCatalogueError, match="lacks 'title'"):
        read_catalogue(missing)


def test_schedules_run_only_where_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATLAS_SCHEDULES_RUNNING", raising=False)
    assert default_schedule_status() == dg.DefaultScheduleStatus.STOPPED
    monkeypatch.setenv("ATLAS_SCHEDULES_RUNNING", "1")
    assert default_schedule_status() == dg.DefaultScheduleStatus.RUNNING


def test_translator_maps_raw_sources_to_ingest_assets() -> None:
    translator = AtlasDbtTranslator()
    source = {
        "resource_type": "source",
        "source_name": "raw",
        "name": "ssb_population",
        "fqn": ["atlas", "raw", "ssb_population"],
    }
    assert translator.get_asset_key(source) == dg.AssetKey(["raw", "ssb_population"])
    with pytest.raises(UnknownRawSourceError, match="dbt source raw.mystery has no ingest source"):
        translator.get_asset_key({**source, "name": "mystery"})
    model = {
        "resource_type": "model",
        "name": "dim_kommune",
        "fqn": ["atlas", "marts", "dim_kommune"],
        "config": {},
    }
    assert translator.get_group_name(model) == "dbt_marts"
    assert translator.get_group_name({"resource_type": "seed", "fqn": ["atlas", "indicators"]}) == "dbt_seeds"


def test_missing_manifest_fails_with_the_command_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_DBT_TARGET_PATH", str(tmp_path / "nothing-here"))
    clear_factory_caches()
    try:
        with pytest.raises(
            DbtManifestMissingError,
            match=r"dbt manifest not found at .*nothing-here.*run `dbt parse --project-dir",
        ):
            manifest_path(dbt_project())
    finally:
        clear_factory_caches()
