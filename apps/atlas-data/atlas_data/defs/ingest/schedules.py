"""When each source is ingested: the schedule the ingest's catalogue gives it, in the catalogue's
time zone (Europe/Oslo). Upstream statistics change yearly or monthly, registers daily; the dbt
source freshness (libs/dbt-project) warns after 8 days without a load."""

import os
from functools import cache

import dagster as dg

from atlas_data.defs.ingest.sources import MIGRATIONS_ASSET_KEY, IngestSource, ingest_catalogue, sources

SCHEDULES_RUNNING_ENV = "ATLAS_SCHEDULES_RUNNING"


def timezone() -> str:
    return ingest_catalogue().timezone


def default_schedule_status() -> dg.DefaultScheduleStatus:
    """Running in the deployed image (it sets ATLAS_SCHEDULES_RUNNING=1), stopped on a laptop."""
    if os.environ.get(SCHEDULES_RUNNING_ENV) == "1":
        return dg.DefaultScheduleStatus.RUNNING
    return dg.DefaultScheduleStatus.STOPPED


def ingest_job_name(source: IngestSource) -> str:
    return f"ingest_{source.slug}"


def build_source_schedule(source: IngestSource) -> dg.ScheduleDefinition:
    # The migrations run first in every ingest job: idempotent and cheap when nothing is pending
    # (and they mark loads whose process died as abandoned).
    job = dg.define_asset_job(
        ingest_job_name(source),
        selection=dg.AssetSelection.assets(MIGRATIONS_ASSET_KEY, source.asset_key),
        description=f"Migrate raw.*, then ingest {source.source_id} into raw.{source.table}.",
    )
    return dg.ScheduleDefinition(
        name=f"{ingest_job_name(source)}_schedule",
        job=job,
        cron_schedule=source.schedule,
        execution_timezone=timezone(),
        default_status=default_schedule_status(),
    )


@cache
def ingest_schedules() -> tuple[dg.ScheduleDefinition, ...]:
    return tuple(build_source_schedule(source) for source in sources())
