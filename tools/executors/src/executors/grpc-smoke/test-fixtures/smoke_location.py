"""A small code location for the smoke test: two ingest-like assets and a downstream one."""

import dagster as dg


@dg.asset(key_prefix="raw")
def ssb_population() -> None:
    pass


@dg.asset(key_prefix="raw")
def kommuner() -> None:
    pass


@dg.asset(deps=[ssb_population, kommuner])
def dim_kommune() -> None:
    pass


defs = dg.Definitions(assets=[ssb_population, kommuner, dim_kommune])
