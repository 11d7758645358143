"""A code location that imports cleanly but whose definitions do not validate (a job selects an asset that does not exist)."""

import dagster as dg


@dg.asset
def present() -> None:
    pass


defs = dg.Definitions(
    assets=[present],
    jobs=[dg.define_asset_job("broken", selection=dg.AssetSelection.assets("missing"))],
)
