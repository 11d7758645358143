"""Every asset of the code location materialized in one run, as production runs them: migrations,
one Pipes step per source running the real atlas-ingest, then dagster-dbt's `dbt build` with the dbt
tests as asset checks; and a broken source stopping the run before dbt."""

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import psycopg2
from atlas_data import paths
from atlas_data.defs.ingest.sources import MIGRATIONS_ASSET_KEY, sources
from dagster._core.definitions.assets.graph.asset_graph import AssetGraph
from dagster._core.events import DagsterEventType
from dagster._core.events.log import EventLogEntry

from atlas_data_e2e_tests.conftest import materialize_everything

# Real kommuner the API must answer for (kommunenummer, name), from the contract's list.
# Names as Statistics Norway's classification 131 gives them (Oslo with its Sami name).
REAL_KOMMUNER = [("0301", "Oslo - Oslove"), ("4601", "Bergen"), ("5001", "Trondheim"), ("1103", "Stavanger")]
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def load_asset_graph() -> AssetGraph:
    from atlas_data.definitions import defs

    return defs().resolve_asset_graph()


@contextmanager
def connect(url: str) -> Iterator[psycopg2.extensions.cursor]:
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def the_run(home: Path) -> tuple[dg.DagsterRun, list[EventLogEntry]]:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
        assert len(runs) == 1, f"expected one run in {home}, found {len(runs)}"
        return runs[0], list(instance.all_logs(runs[0].run_id))


def events_of(log: list[EventLogEntry], event_type: DagsterEventType) -> list[tuple[int, EventLogEntry]]:
    return [(i, e) for i, e in enumerate(log) if e.dagster_event and e.dagster_event.event_type == event_type]


def step_of(graph: AssetGraph, key: dg.AssetKey) -> str:
    return graph.get(key).assets_def.node_def.name


def test_every_asset_materializes_in_dependency_order(new_database, output_dir: Path) -> None:
    db = new_database("atlas_e2e")
    run = materialize_everything("all-assets", db.url, output_dir)
    assert run.exit_code == 0, f"dagster asset materialize failed:\n{run.output[-4000:]}"
    graph = load_asset_graph()
    dagster_run, log = the_run(run.dagster_home)
    assert dagster_run.status == dg.DagsterRunStatus.SUCCESS

    # Every materializable asset of the definitions was materialized, each once.
    materialized = [
        (i, e.asset_materialization) for i, e in events_of(log, DagsterEventType.ASSET_MATERIALIZATION)
    ]
    at = {m.asset_key: i for i, m in materialized}
    assert len(at) == len(materialized)
    expected = {k for k in graph.get_all_asset_keys() if graph.get(k).is_materializable}
    assert set(at) == expected

    # Dependency order: an asset is materialized after each of its parents, and a step starts only
    # after every step it depends on succeeded.
    for key, index in at.items():
        for parent in graph.get(key).parent_keys:
            assert at[parent] < index, f"{key.to_user_string()} materialized before {parent.to_user_string()}"
    started = {e.step_key: i for i, e in events_of(log, DagsterEventType.STEP_START)}
    succeeded = {e.step_key: i for i, e in events_of(log, DagsterEventType.STEP_SUCCESS)}
    assert set(started) == set(succeeded)
    for key in expected:
        step = step_of(graph, key)
        for parent in graph.get(key).parent_keys:
            upstream = step_of(graph, parent)
            if upstream != step:
                assert succeeded[upstream] < started[step], f"step {step} started before {upstream} succeeded"

    by_key = {m.asset_key: m for _, m in materialized}
    with connect(db.url) as cursor:
        # The migrations, then each source's load as the ingest reported it through Pipes.
        assert by_key[MIGRATIONS_ASSET_KEY].metadata["applied_count"].value >= 1
        for source in sources():
            m = by_key[source.asset_key]
            rows = m.metadata["rows"].value
            sha = m.metadata["payload_sha256"].value
            assert rows > 0, source.source_id
            assert SHA256.match(sha), source.source_id
            assert m.tags["dagster/data_version"] == sha, source.source_id
            cursor.execute(f'select count(*) from raw."{source.table}"')
            assert cursor.fetchone()[0] == rows, f"raw.{source.table} holds another row count than reported"
            cursor.execute(
                "select status, rows, payload_sha256 from raw._loads where load_id = %s",
                (m.metadata["load_id"].value,),
            )
            assert cursor.fetchone() == ("succeeded", rows, sha), source.source_id

        # The dbt assets came from dagster-dbt's `dbt build`, in the dbt step, their tests as checks.
        dbt_keys = {k for k in expected if step_of(graph, k) == "atlas_dbt"}
        assert {k.path[0] for k in dbt_keys} >= {"staging", "marts", "api_v1"}
        for key in dbt_keys:
            assert "unique_id" in by_key[key].metadata, (
                f"{key.to_user_string()} was not reported by dagster-dbt"
            )
        checks = [
            e.dagster_event.event_specific_data
            for _, e in events_of(log, DagsterEventType.ASSET_CHECK_EVALUATION)
        ]
        assert {c.asset_check_key for c in checks} == set(graph.asset_check_keys)
        failed = [c.asset_check_key.to_user_string() for c in checks if not c.passed]
        assert failed == []

        # The public API answers for real kommuner, with their population and indicator values.
        cursor.execute(
            "select kommunenummer, kommunenavn, population from api_v1.kommuner where kommunenummer = any(%s)",
            ([n for n, _ in REAL_KOMMUNER],),
        )
        answered = {row[0]: row for row in cursor.fetchall()}
        for nummer, navn in REAL_KOMMUNER:
            assert nummer in answered, f"api_v1.kommuner has no {nummer} {navn}"
            assert answered[nummer][1] == navn
            assert answered[nummer][2] > 0
        cursor.execute(
            "select count(distinct indicator_id) from api_v1.kommune_indicators where kommunenummer = '0301'"
        )
        assert cursor.fetchone()[0] >= len(sources()) - 1  # every statistics source, the register too


def break_source_fixtures(source_id: str, output_dir: Path) -> Path:
    """A copy of the ingest's recorded fixtures whose payloads of one source are cut in half."""
    fixtures = output_dir / "broken-fixtures"
    shutil.copytree(paths.ingest_dir() / "fixtures", fixtures)
    for file in (fixtures / source_id).iterdir():
        payload = file.read_bytes()
        file.write_bytes(payload[: len(payload) // 2])
    return fixtures


def test_a_broken_source_fails_its_asset_and_dbt_does_not_run(new_database, output_dir: Path) -> None:
    broken = sources()[len(sources()) // 2]
    db = new_database("atlas_e2e_broken")
    fixtures = break_source_fixtures(broken.source_id, output_dir)
    run = materialize_everything(
        "broken-source", db.url, output_dir, {"ATLAS_INGEST_FIXTURES_DIR": str(fixtures)}
    )
    assert run.exit_code != 0
    graph = load_asset_graph()
    dagster_run, log = the_run(run.dagster_home)
    assert dagster_run.status == dg.DagsterRunStatus.FAILURE

    # The broken source's step failed, carrying the ingest's one-line message.
    broken_step = step_of(graph, broken.asset_key)
    failures = [e.step_key for _, e in events_of(log, DagsterEventType.STEP_FAILURE)]
    assert failures == [broken_step]
    reported = [
        e.dagster_event.engine_event_data.error.message.strip()
        for _, e in events_of(log, DagsterEventType.ENGINE_EVENT)
        if e.step_key == broken_step and e.dagster_event.engine_event_data.error
    ]
    assert len(reported) == 1, reported
    message = reported[0]
    assert message.startswith(f"{broken.source_id}: ") and "\n" not in message, message

    # The other sources loaded; nothing downstream of the failure ran.
    materialized = {
        e.asset_materialization.asset_key for _, e in events_of(log, DagsterEventType.ASSET_MATERIALIZATION)
    }
    assert materialized == {MIGRATIONS_ASSET_KEY} | {s.asset_key for s in sources() if s != broken}
    # The dbt step was planned and never launched (the multiprocess executor skips it silently).
    dbt_events = {e.dagster_event.event_type for e in log if e.dagster_event and e.step_key == "atlas_dbt"}
    assert dbt_events == {
        DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
        DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED,
    }
    with connect(db.url) as cursor:
        cursor.execute(f'select count(*) from raw."{broken.table}"')
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "select count(*) from information_schema.tables where table_schema in ('staging', 'marts', 'api_v1')"
        )
        assert cursor.fetchone()[0] == 0, "dbt built relations although a source failed"
        cursor.execute("select status, error from raw._loads where source = %s", (broken.source_id,))
        status, error = cursor.fetchone()
        assert status == "failed" and error
