"""Entry point of the code location (`dagster api grpc -m atlas_data.definitions`).

Importing this module costs the `dagster` import and nothing else: the domain modules (dagster-dbt
pulls in dbt-core) are imported and the Definitions built when Dagster loads them
(@dg.definitions). Even then no database, network or dbt invocation happens — the dbt manifest is
read from disk and resources resolve their settings at run time.
"""

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    from atlas_data.defs.dbt.assets import dbt_build_assets
    from atlas_data.defs.dbt.resources import dbt_resources
    from atlas_data.defs.dbt.schedules import dbt_schedules
    from atlas_data.defs.ingest.assets import ingest_assets
    from atlas_data.defs.ingest.resources import ingest_resources
    from atlas_data.defs.ingest.schedules import ingest_schedules

    return dg.Definitions(
        assets=[*ingest_assets(), dbt_build_assets()],
        schedules=[*ingest_schedules(), *dbt_schedules()],
        resources={**ingest_resources(), **dbt_resources()},
    )
