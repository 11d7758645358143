"""A well-behaved code location: two assets, one job, one schedule, nothing done at import."""

import dagster as dg


@dg.asset(key_prefix="raw")
def ssb_population() -> None:
    pass


@dg.asset(deps=[ssb_population])
def population_summary() -> None:
    pass


refresh = dg.define_asset_job("refresh", selection=[ssb_population, population_summary])

defs = dg.Definitions(
    assets=[ssb_population, population_summary],
    jobs=[refresh],
    schedules=[dg.ScheduleDefinition(job=refresh, cron_schedule="0 6 * * *")],
)
