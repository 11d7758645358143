"""A code location whose import does expensive work up front (over any sensible budget)."""

import os
import time

import dagster as dg

time.sleep(float(os.environ.get("ATLAS_FIXTURE_IMPORT_SLEEP", "3")))

defs = dg.Definitions()
