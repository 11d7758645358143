"""dbt runs once a day after the ingest window (the schedules of the ingest catalogue), over whatever has landed."""

from functools import cache

import dagster as dg

from atlas_data.defs.dbt.assets import dbt_build_assets
from atlas_data.defs.ingest.schedules import default_schedule_status, timezone

DBT_BUILD_CRON = "0 5 * * *"


@cache
def dbt_schedules() -> tuple[dg.ScheduleDefinition, ...]:
    job = dg.define_asset_job(
        "dbt_build",
        selection=dg.AssetSelection.assets(dbt_build_assets()),
        description="dbt build of the whole project: staging, marts, api_v1 and their tests.",
    )
    return (
        dg.ScheduleDefinition(
            name="dbt_build_daily",
            job=job,
            cron_schedule=DBT_BUILD_CRON,
            execution_timezone=timezone(),
            default_status=default_schedule_status(),
        ),
    )
