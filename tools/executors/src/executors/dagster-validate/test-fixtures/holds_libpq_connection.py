"""A code location that opens its database connection at import through libpq (native code, so no
Python socket call is made) and keeps it in a module global."""

import os

import dagster as dg
import psycopg2

CONNECTION = psycopg2.connect(os.environ["ATLAS_FIXTURE_DATABASE_URL"])


@dg.asset
def anything() -> None:
    pass


defs = dg.Definitions(assets=[anything])
