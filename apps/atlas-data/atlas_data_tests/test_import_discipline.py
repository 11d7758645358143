"""Importing the code location (and loading its definitions) opens no socket and starts no process:
every run pod imports it on a cold start, and `dagster api grpc` loads it before serving."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from atlas_data_tests.conftest import clear_factory_caches


def _forget_atlas_data() -> None:
    for name in [m for m in sys.modules if m == "atlas_data" or m.startswith("atlas_data.")]:
        del sys.modules[name]


@pytest.fixture
def no_io(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse_connect(self: socket.socket, address: object) -> None:
        attempts.append(f"connect {address!r}")
        raise AssertionError(f"socket connect to {address!r} during import/load")

    def refuse_popen(self: subprocess.Popen, args: object, *a: object, **k: object) -> None:
        attempts.append(f"popen {args!r}")
        raise AssertionError(f"process {args!r} started during import/load")

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse_connect)
    monkeypatch.setattr(subprocess.Popen, "__init__", refuse_popen)
    monkeypatch.setenv("ATLAS_DATABASE_URL", "postgres://atlas:secret@127.0.0.1:1/atlas")
    return attempts


def test_importing_the_module_opens_no_socket(no_io: list[str]) -> None:
    _forget_atlas_data()
    import atlas_data.definitions  # noqa: F401

    assert no_io == []
    # The dbt toolchain is only imported when the definitions are loaded.
    assert "atlas_data.defs.dbt.assets" not in sys.modules


def test_loading_the_definitions_opens_no_socket_and_runs_no_dbt(
    parsed_manifest: Path, no_io: list[str]
) -> None:
    _forget_atlas_data()
    from atlas_data.definitions import defs

    clear_factory_caches()
    loaded = defs()
    assert len(list(loaded.resolve_asset_graph().get_all_asset_keys())) > 10
    assert no_io == []


def test_the_guard_itself_catches_a_connection(no_io: list[str]) -> None:
    with pytest.raises(AssertionError, match="socket connect"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert no_io and no_io[0].startswith("connect")
