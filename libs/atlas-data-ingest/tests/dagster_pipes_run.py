"""Runs the real `atlas-ingest` CLI under Dagster's PipesSubprocessClient, the way the code location
(apps/atlas-data) does, and writes what Dagster recorded as JSON for tests/dagster-pipes.spec.ts.

Usage: python dagster_pipes_run.py --node <node> --bin <bin/atlas-ingest.mjs> --summary <file.json>
           --bad-fixtures <dir>
Two runs in one process (dagster's import is the expensive part): "ok" from the recorded fixtures,
then "bad" from a fixtures folder with a broken kommuner payload. ATLAS_DATABASE_URL comes from the
environment.
"""

import argparse
import json
import os

import dagster as dg
from dagster._core.events import DagsterEventType


def error_chain(error) -> str:
    """The step error with its causes: the Pipes exception the CLI reported sits in the chain."""
    messages = []
    while error is not None:
        messages.append(error.message.strip())
        error = error.cause or error.context
    return " <- ".join(messages)


def run(instance: dg.DagsterInstance, node: str, bin_path: str, bad_fixtures: str | None) -> dict:
    env = {"ATLAS_DATABASE_URL": os.environ["ATLAS_DATABASE_URL"]}

    @dg.asset(key=["raw_schema_migrations"])
    def migrations(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
        return pipes.run(
            context=context, command=[node, bin_path, "migrate"], env=env
        ).get_materialize_result()

    @dg.asset(key=["raw", "kommuner"], deps=[migrations])
    def kommuner(context: dg.AssetExecutionContext, pipes: dg.PipesSubprocessClient):
        command = [node, bin_path, "ingest", "kommuner"]
        command += ["--fixtures-dir", bad_fixtures] if bad_fixtures else ["--fixtures"]
        return pipes.run(
            context=context, command=command, env=env, extras={"source": "kommuner", "table": "raw.kommuner"}
        ).get_materialize_result()

    result = dg.materialize(
        [migrations, kommuner],
        instance=instance,
        resources={"pipes": dg.PipesSubprocessClient()},
        raise_on_error=False,
    )
    summary: dict = {
        "success": result.success,
        "materializations": {},
        "failures": [],
        "reported_exceptions": [],
    }
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        summary["materializations"][materialization.asset_key.to_user_string()] = {
            "metadata": {key: value.value for key, value in materialization.metadata.items()},
            "data_version": (materialization.tags or {}).get("dagster/data_version"),
        }
    for event in result.all_events:
        if event.is_step_failure:
            summary["failures"].append(error_chain(event.step_failure_data.error))
        # The exception the CLI sent in `closed` arrives as an engine event of the step.
    # The exception the CLI sent in `closed` is an engine event of the step, in the instance's log.
    for record in instance.get_records_for_run(result.run_id, of_type=DagsterEventType.ENGINE_EVENT).records:
        entry = record.event_log_entry
        data = entry.dagster_event.engine_event_data if entry.dagster_event else None
        if (
            data
            and data.error
            and "closed with exception" in (entry.user_message or entry.dagster_event.message or "")
        ):
            summary["reported_exceptions"].append(data.error.message.strip())
    return summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--node", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--bad-fixtures", required=True)
    args = parser.parse_args()
    with dg.instance_for_test() as instance:
        summary = {
            "ok": run(instance, args.node, args.bin, None),
            "bad": run(instance, args.node, args.bin, args.bad_fixtures),
        }
    with open(args.summary, "w", encoding="utf-8") as f:
        json.dump(summary, f, default=str)


if __name__ == "__main__":
    main()
