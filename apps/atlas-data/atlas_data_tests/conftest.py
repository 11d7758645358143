import os
import subprocess
import sys
from pathlib import Path

import pytest
from atlas_data import paths

FAKE_INGEST_DIR = Path(__file__).resolve().parent / "fake_ingest"


def clear_factory_caches() -> None:
    from atlas_data.defs.dbt import assets, resources, schedules
    from atlas_data.defs.ingest import assets as ingest_assets
    from atlas_data.defs.ingest import schedules as ingest_schedules
    from atlas_data.defs.ingest import sources as ingest_sources

    for factory in (
        resources.dbt_project,
        assets.dbt_build_assets,
        schedules.dbt_schedules,
        ingest_assets.ingest_assets,
        ingest_schedules.ingest_schedules,
        ingest_sources.ingest_catalogue,
    ):
        factory.cache_clear()


@pytest.fixture(scope="session")
def dbt_target_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A manifest parsed now from the dbt project's sources, in a folder of the test's own."""
    target = tmp_path_factory.mktemp("dbt-target")
    project = paths.dbt_project_dir()
    dbt = Path(sys.executable).parent / "dbt"
    env = {
        **os.environ,
        # parse renders the profile but never connects
        "DBT_PG_HOST": "127.0.0.1",
        "DBT_PG_USER": "parse",
        "DBT_PG_PASSWORD": "parse",
        "DBT_PG_DBNAME": "parse",
    }
    result = subprocess.run(
        [
            str(dbt),
            "parse",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
            "--quiet",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"dbt parse failed:\n{result.stdout}\n{result.stderr}"
    assert (target / "manifest.json").exists()
    return target


@pytest.fixture
def parsed_manifest(dbt_target_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.DBT_TARGET_PATH_ENV, str(dbt_target_dir))
    clear_factory_caches()
    yield dbt_target_dir
    clear_factory_caches()
