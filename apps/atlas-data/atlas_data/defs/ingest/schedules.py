"""When each source is ingested. Upstream statistics change yearly or monthly, registers daily;
the dbt source freshness (libs/dbt-project) warns after 8 days without a load."""

import os
from functools import cache

import dagster as dg

from atlas_data.defs.ingest.sources import MIGRATIONS_ASSET_KEY, SOURCES, IngestSource

TIMEZONE = "Europe/Oslo"
SCHEDULES_RUNNING_ENV = "ATLAS_SCHEDULES_RUNNING"

# source id → cron (Europe/Oslo). Staggered so two loads never compete for the database.
CRON_BY_SOURCE: dict[str, str] = {
    "kommuner": "0 2 * * 1",
    "ssb-population": "15 2 * * 1",
    "ssb-crime": "30 2 * * 1",
    "fhi-life-expectancy": "45 2 * * 1",
    "brreg-enheter": "0 3 * * *",
    "nav-unemployment": "30 3 * * *",
}


def default_schedule_status() -> dg.DefaultScheduleStatus:
    """Running in the deployed image (it sets ATLAS_SCHEDULES_RUNNING=1), stopped on a laptop."""
    if os.environ.get(SCHEDULES_RUNNING_ENV) == "1":
        return dg.DefaultScheduleStatus.RUNNING
    return dg.DefaultScheduleStatus.STOPPED


def ingest_job_name(source: IngestSource) -> str:
    return f"ingest_{source.slug}"


def build_source_schedule(source: IngestSource) -> dg.ScheduleDefinition:
    cron = CRON_BY_SOURCE.get(source.source_id)
    if cron is None:
        raise ValueError(
            f"source {source.source_id!r} has no cron in CRON_BY_SOURCE (atlas_data/defs/ingest/schedules.py)."
        )
    # The migrations run first in every ingest job: idempotent and cheap when nothing is pending.
    job = dg.define_asset_job(
        ingest_job_name(source),
        selection=dg.AssetSelection.assets(MIGRATIONS_ASSET_KEY, source.asset_key),
        description=f"Migrate raw.*, then ingest {source.source_id} into raw.{source.table}.",
    )
    return dg.ScheduleDefinition(
        name=f"{ingest_job_name(source)}_schedule",
        job=job,
        cron_schedule=cron,
        execution_timezone=TIMEZONE,
        default_status=default_schedule_status(),
    )


@cache
def ingest_schedules() -> tuple[dg.ScheduleDefinition, ...]:
    unknown = set(CRON_BY_SOURCE) - {s.source_id for s in SOURCES}
    if unknown:
        raise ValueError(f"CRON_BY_SOURCE names unknown sources: {sorted(unknown)}.")
    return tuple(build_source_schedule(source) for source in SOURCES)
