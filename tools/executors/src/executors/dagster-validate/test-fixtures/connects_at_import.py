"""A code location that talks to its database while being imported (what the check forbids)."""

import socket

import dagster as dg


def open_database_connection():
    # A pure-Python driver would do exactly this; the error is swallowed, as careless code does.
    try:
        return socket.create_connection(("127.0.0.1", 5432), timeout=1)
    except OSError:
        return None


CONNECTION = open_database_connection()


@dg.asset
def anything() -> None:
    pass


defs = dg.Definitions(assets=[anything])
