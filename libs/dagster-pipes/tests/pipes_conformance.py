"""Runs the TypeScript Pipes scripts under the real orchestration side of Dagster and checks, from
the Python side, that everything they sent arrived: results of materialize(), the instance's event
log, custom messages. Each scenario collects its failures instead of stopping at the first one.

Usage: python pipes_conformance.py --tsx <node_modules/.bin/tsx> --summary <file.json> [scenario...]
Writes {"<scenario>": {"failures": [...]}} to the summary file; exits 1 when any scenario failed.
"""

import argparse
import hashlib
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEventType

SCRIPTS = Path(__file__).resolve().parent / "scripts"
PAYLOAD = "0301;Oslo\n4601;Bergen\n5001;Trondheim\n"


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def equal(self, what: str, actual: object, expected: object) -> None:
        if actual != expected:
            self.failures.append(f"{what}: expected {expected!r}, got {actual!r}")

    def true(self, what: str, condition: bool) -> None:
        if not condition:
            self.failures.append(what)


def pipes_asset(
    tsx: str,
    script: str,
    *,
    key: list[str],
    extras: dict | None = None,
    check_specs: list[dg.AssetCheckSpec] | None = None,
    partitions_def: dg.PartitionsDefinition | None = None,
    captured: list | None = None,
):
    @dg.asset(key=key, check_specs=check_specs or [], partitions_def=partitions_def)
    def _asset(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
        invocation = pipes.run(context=context, command=[tsx, str(SCRIPTS / script)], extras=extras)
        if captured is not None:
            captured.extend(invocation.get_custom_messages())
        return invocation.get_results()

    return _asset


def events_of(instance: dg.DagsterInstance, run_id: str, event_type: DagsterEventType):
    return [
        record.event_log_entry for record in instance.get_records_for_run(run_id, of_type=event_type).records
    ]


def no_framework_errors(instance: dg.DagsterInstance, run_id: str, checks: Checks) -> None:
    """Dagster reports a message it cannot handle as an engine event and may still pass the step."""
    for entry in instance.all_logs(run_id):
        if "[pipes] framework exception" in (entry.user_message or ""):
            error = entry.dagster_event.engine_event_data.error if entry.dagster_event else None
            checks.failures.append(
                f"the orchestrator could not handle a message: {error.message if error else entry.user_message}"
            )


def scenario_everything(tsx: str, checks: Checks) -> None:
    """Logs at every level, typed metadata, data version, asset check, custom message, context getters."""
    captured: list = []
    asset = pipes_asset(
        tsx,
        "report-everything.ts",
        key=["raw", "kommuner"],
        extras={"expected_rows": 3, "source": "kommuner"},
        check_specs=[dg.AssetCheckSpec("rows_match_expected", asset=dg.AssetKey(["raw", "kommuner"]))],
        captured=captured,
    )
    with dg.instance_for_test() as instance:
        result = dg.materialize([asset], instance=instance, resources={"pipes": dg.PipesSubprocessClient()})
        no_framework_errors(instance, result.run_id, checks)
        checks.true("the run succeeded", result.success)
        sha = hashlib.sha256(PAYLOAD.encode()).hexdigest()

        materializations = result.asset_materializations_for_node("raw__kommuner")
        checks.equal("number of materializations", len(materializations), 1)
        if materializations:
            metadata = materializations[0].metadata
            checks.equal("rows", metadata.get("rows"), dg.IntMetadataValue(3))
            checks.equal("payload_sha256", metadata.get("payload_sha256"), dg.TextMetadataValue(sha))
            checks.equal(
                "summary (json)",
                metadata.get("summary"),
                dg.JsonMetadataValue({"kommuner": ["0301", "4601", "5001"], "complete": True}),
            )
            checks.equal(
                "source_url (url)",
                metadata.get("source_url"),
                dg.UrlMetadataValue("https://data.ssb.no/api/klass/v1/classifications/131/codesAt"),
            )
            checks.equal(
                "mean_length (inferred float)", metadata.get("mean_length"), dg.FloatMetadataValue(2.5)
            )
            checks.equal("seconds (integral float)", metadata.get("seconds"), dg.FloatMetadataValue(1.0))
            checks.equal(
                "fetched_at (timestamp)", metadata.get("fetched_at"), dg.TimestampMetadataValue(1714557600.0)
            )
            checks.equal("data version tag", materializations[0].tags.get("dagster/data_version"), sha)

        evaluations = result.get_asset_check_evaluations()
        checks.equal("number of check evaluations", len(evaluations), 1)
        if evaluations:
            evaluation = evaluations[0]
            checks.equal("check name", evaluation.check_name, "rows_match_expected")
            checks.equal("check passed", evaluation.passed, True)
            checks.equal("check severity", evaluation.severity, dg.AssetCheckSeverity.WARN)
            checks.equal("check metadata rows", evaluation.metadata.get("rows"), dg.IntMetadataValue(3))

        checks.equal(
            "custom messages",
            captured,
            [
                {
                    "runId": result.run_id,
                    "assetKey": "raw/kommuner",
                    "assetKeys": ["raw/kommuner"],
                    "jobName": "__ephemeral_asset_job__",
                    "retryNumber": 0,
                    "extras": {"expected_rows": 3, "source": "kommuner"},
                    "isPartitionStep": False,
                }
            ],
        )

        logs = {
            (entry.user_message, entry.level)
            for entry in instance.all_logs(result.run_id)
            if entry.user_message.endswith("from ts")
        }
        for level, number in [("debug", 10), ("info", 20), ("warning", 30), ("error", 40), ("critical", 50)]:
            checks.true(f"log at {level.upper()} arrived", (f"{level} from ts", number) in logs)
        messages = [entry.user_message for entry in instance.all_logs(result.run_id)]
        checks.true(
            "the orchestrator saw `opened`",
            any("successfully opened dagster pipes" in m for m in messages),
        )
        checks.true(
            "no warning about a missing `closed`",
            not any("did not receive closed message" in m.lower() for m in messages),
        )


def scenario_env_context(tsx: str, checks: Checks) -> None:
    """The env context injector inlines the context as {"data": ...} (the TS "data" loader)."""
    captured: list = []
    extras = {"source": "ssb-population", "nested": {"years": [2023, 2024]}, "flag": True}
    asset = pipes_asset(
        tsx, "report-context.ts", key=["raw", "ssb_population"], extras=extras, captured=captured
    )
    client = dg.PipesSubprocessClient(context_injector=dg.PipesEnvContextInjector())
    with dg.instance_for_test() as instance:
        result = dg.materialize([asset], instance=instance, resources={"pipes": client})
        no_framework_errors(instance, result.run_id, checks)
        checks.true("the run succeeded", result.success)
        checks.equal(
            "echoed context",
            captured,
            [
                {
                    "assetKey": "raw/ssb_population",
                    "extras": extras,
                    "partitionKey": None,
                    "partitionKeyRange": None,
                }
            ],
        )
        materializations = result.asset_materializations_for_node("raw__ssb_population")
        checks.equal("number of materializations", len(materializations), 1)
        if materializations:
            checks.equal(
                "extras metadata", materializations[0].metadata.get("extras"), dg.JsonMetadataValue(extras)
            )


def scenario_partition(tsx: str, checks: Checks) -> None:
    """A partitioned step: the TS side sees the partition key and range."""
    captured: list = []
    partitions = dg.StaticPartitionsDefinition(["0301", "4601", "5001"])
    asset = pipes_asset(
        tsx, "report-context.ts", key=["raw", "by_kommune"], partitions_def=partitions, captured=captured
    )
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [asset], instance=instance, resources={"pipes": dg.PipesSubprocessClient()}, partition_key="4601"
        )
        no_framework_errors(instance, result.run_id, checks)
        checks.true("the run succeeded", result.success)
        checks.equal(
            "echoed partition",
            [(m.get("partitionKey"), m.get("partitionKeyRange")) for m in captured],
            [("4601", {"start": "4601", "end": "4601"})],
        )
        materializations = result.asset_materializations_for_node("raw__by_kommune")
        checks.equal("materialized partition", [m.partition for m in materializations], ["4601"])


def _failed_run(tsx: str, script: str, checks: Checks, expected_message: str, expected_name: str) -> list:
    asset = pipes_asset(tsx, script, key=["raw", "failing"])
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [asset], instance=instance, resources={"pipes": dg.PipesSubprocessClient()}, raise_on_error=False
        )
        no_framework_errors(instance, result.run_id, checks)
        checks.equal("run success", result.success, False)
        checks.equal("materializations", len(result.asset_materializations_for_node("raw__failing")), 0)
        failures = events_of(instance, result.run_id, DagsterEventType.STEP_FAILURE)
        checks.equal("step failures", len(failures), 1)
        if failures:
            error = failures[0].dagster_event.step_failure_data.error
            checks.true(
                f"the step failure names the exit code, got {error.message!r}",
                "External execution process failed with code 1" in error.to_string(),
            )
        engine_errors = [
            entry.dagster_event.engine_event_data.error
            for entry in events_of(instance, result.run_id, DagsterEventType.ENGINE_EVENT)
            if entry.dagster_event.engine_event_data
            and entry.dagster_event.engine_event_data.error
            and "closed with exception" in (entry.user_message or entry.dagster_event.message or "")
        ]
        checks.equal("reported exceptions", len(engine_errors), 1)
        if engine_errors:
            checks.equal("exception message", engine_errors[0].message, expected_message)
            checks.equal("exception class", engine_errors[0].cls_name, expected_name)
            checks.true("exception stack has frames", len(engine_errors[0].stack) > 0)
        return engine_errors


def scenario_error(tsx: str, checks: Checks) -> None:
    """withDagsterPipes reports the thrown error (and its cause) and the step fails."""
    errors = _failed_run(
        tsx, "throws.ts", checks, "ssb-population: upstream answered HTTP 503 after 3 attempts", "Error"
    )
    if errors:
        cause = errors[0].cause
        checks.equal("exception cause", cause.message if cause else None, "socket hang up")


def scenario_uncaught(tsx: str, checks: Checks) -> None:
    """A crash with Pipes open and no close(): closeWhenProcessEnds still reports the exception."""
    _failed_run(
        tsx, "throws-uncaught.ts", checks, "kommunenummer 9999 is not in the reference list", "RangeError"
    )


SCENARIOS: dict[str, Callable[[str, Checks], None]] = {
    "everything": scenario_everything,
    "env-context": scenario_env_context,
    "partition": scenario_partition,
    "error": scenario_error,
    "uncaught": scenario_uncaught,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsx", required=True)
    parser.add_argument("--summary", required=True)
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    args = parser.parse_args()
    summary: dict[str, dict[str, list[str]]] = {}
    for name in args.scenarios:
        checks = Checks()
        try:
            SCENARIOS[name](args.tsx, checks)
        except Exception:
            checks.failures.append("scenario raised:\n" + traceback.format_exc())
        summary[name] = {"failures": checks.failures}
        status = "ok" if not checks.failures else "FAILED: " + "; ".join(checks.failures)
        print(f"[pipes-conformance] {name}: {status}", flush=True)
    Path(args.summary).write_text(json.dumps(summary, indent=2))
    return 0 if all(not s["failures"] for s in summary.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
