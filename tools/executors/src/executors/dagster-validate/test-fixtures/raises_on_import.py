"""A code location whose import fails: a required setting is read eagerly."""

import os

import dagster as dg

DATABASE_URL = os.environ["ATLAS_FIXTURE_UNSET_SETTING"]

defs = dg.Definitions()
