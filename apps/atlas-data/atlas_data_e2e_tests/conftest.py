"""The code location end to end: the real definitions, materialized by the dagster CLI against an
ephemeral PostgreSQL, with the real atlas-ingest loading the recorded fixtures and dagster-dbt running
the dbt project. What a run makes (Dagster homes, dbt target folders, fixture copies, logs) goes under
apps/atlas-data/test-output/e2e, emptied when a session starts."""

import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from atlas_data import paths

OUTPUT = paths.APP_DIR / "test-output" / "e2e"
VENV_BIN = paths.REPO_ROOT / ".venv" / "bin"
TSX = paths.REPO_ROOT / "node_modules" / ".bin" / "tsx"
HOLD_DATABASE = paths.APP_DIR / "scripts" / "hold-ephemeral-database.ts"
# The manifest the run loads: parsed here as the image parses it (no dbt variables), so the fixture
# data's own checks, which dbt-build enables with fixture_expectations, are not in the graph either.
DBT_TARGET_PATH = OUTPUT / "dbt-manifest"
START_TIMEOUT_S = 120
RUN_TIMEOUT_S = 1800


@pytest.fixture(scope="session")
def output_dir() -> Path:
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    return OUTPUT


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest(output_dir: Path) -> None:
    """`dbt parse` as the image runs it (the profile is rendered, never connected to). The definitions
    are read in this process too: the asset graph the run is checked against."""
    dbt_env = {**os.environ, "DBT_PG_USER": "parse", "DBT_PG_PASSWORD": "parse", "DBT_PG_DBNAME": "parse"}
    project = paths.dbt_project_dir()
    parsed = subprocess.run(
        [str(VENV_BIN / "dbt"), "parse", "--project-dir", str(project), "--profiles-dir", str(project)]
        + [
            "--target-path",
            str(DBT_TARGET_PATH),
            "--log-path",
            str(output_dir / "dbt-parse-logs"),
            "--quiet",
        ],
        env=dbt_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if parsed.returncode != 0:
        pytest.fail(f"dbt parse of {project} failed: {parsed.stdout.strip()}")
    os.environ[paths.DBT_TARGET_PATH_ENV] = str(DBT_TARGET_PATH)


class EphemeralDatabase:
    """A database held by the runtime's startEphemeralPostgres in a helper process; released when
    the helper's standard input closes, so a test that dies still lets it go."""

    def __init__(self, prefix: str) -> None:
        self._process = subprocess.Popen(
            [str(TSX), str(HOLD_DATABASE), prefix],
            cwd=paths.REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first: list[str] = []
        reader = threading.Thread(target=lambda: first.append(self._process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        line = first[0] if first else ""
        if not line.startswith("ATLAS_DATABASE_URL="):
            self._process.kill()
            _, stderr = self._process.communicate(timeout=30)
            raise RuntimeError(f"no ephemeral PostgreSQL: {stderr.strip() or 'the helper printed nothing'}")
        self.url = line.strip().split("=", 1)[1]

    def release(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait(timeout=60)


@pytest.fixture
def new_database() -> Iterator[Callable[[str], EphemeralDatabase]]:
    """Makes ephemeral databases for the test and releases every one afterwards."""
    held: list[EphemeralDatabase] = []

    def make(prefix: str) -> EphemeralDatabase:
        held.append(EphemeralDatabase(prefix))
        return held[-1]

    yield make
    for db in held:
        db.release()


@dataclass
class MaterializeRun:
    exit_code: int
    output: str
    dagster_home: Path


def materialize_everything(
    name: str, database_url: str, output_dir: Path, extra_env: dict[str, str] | None = None
) -> MaterializeRun:
    """`dagster asset materialize --select '*'` on the code location, as an operator would run it,
    into a Dagster home of its own (run storage and event log the test reads afterwards)."""
    home = output_dir / name / "dagster-home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ATLAS_DATABASE_URL": database_url,
        "ATLAS_INGEST_FIXTURES": "1",
        paths.DBT_TARGET_PATH_ENV: str(DBT_TARGET_PATH),
        # dagster-dbt gives every invocation a target folder of its own under DBT_TARGET_PATH.
        "DBT_TARGET_PATH": str(output_dir / name / "dbt-target"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        **(extra_env or {}),
    }
    result = subprocess.run(
        [str(VENV_BIN / "dagster"), "asset", "materialize", "--select", "*", "-m", "atlas_data.definitions"],
        cwd=paths.APP_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    (output_dir / name / "dagster.log").write_text(result.stdout)
    return MaterializeRun(result.returncode, result.stdout, home)
