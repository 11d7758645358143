"""Import discipline check for a Dagster code location.

Usage: python import_check.py <module> <report.json>

Imports <module> the way a code server does, with the network guarded: any attempt to resolve a
name or connect a socket is refused and recorded with the frame that asked for it. Then it loads
the Definitions and counts assets, jobs, schedules and sensors. The result goes to <report.json>
as one JSON object; the exit code is 0 even when the module misbehaves (the caller judges), and
non-zero only when this script itself cannot run.

Native drivers (libpq, for instance) open sockets without going through Python's socket module, so
after loading, the process's own open TCP sockets are listed from /proc as a backstop.
"""

import importlib
import json
import os
import socket
import sys
import sysconfig
import time
import traceback

HARNESS_FILE = os.path.abspath(__file__)
SOCKET_FILE = os.path.abspath(socket.__file__)
# Frames in these folders are libraries (the standard library, installed packages), not the location.
LIBRARY_DIRS = tuple(
    os.path.abspath(sysconfig.get_paths()[key]) + os.sep
    for key in ("stdlib", "platstdlib", "purelib", "platlib")
)


def _is_user_frame(filename):
    path = os.path.abspath(filename)
    return not filename.startswith("<") and path != HARNESS_FILE and not path.startswith(LIBRARY_DIRS)


attempts = []


def _call_site():
    """The innermost frame of the location's own code that asked (else the innermost caller)."""
    frames = [
        f for f in traceback.extract_stack() if os.path.abspath(f.filename) not in (HARNESS_FILE, SOCKET_FILE)
    ]
    user = [f for f in frames if _is_user_frame(f.filename)]
    where = user[-1] if user else (frames[-1] if frames else None)
    if where is None:
        return {"file": "<unknown>", "line": 0, "function": "<unknown>"}
    return {"file": where.filename, "line": where.lineno, "function": where.name}


class NetworkAtImportError(OSError):
    pass


def _guard(call, describe):
    def guarded(*args, **kwargs):
        target = describe(*args, **kwargs)
        attempts.append({"call": call, "target": target, **_call_site()})
        raise NetworkAtImportError(
            f"{call}({target}) refused: a code location must not use the network at import"
        )

    return guarded


def _address(address):
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{address[0]}:{address[1]}"
    return str(address)


def install_guard():
    socket.socket.connect = _guard("socket.connect", lambda self, address: _address(address))
    socket.socket.connect_ex = _guard("socket.connect_ex", lambda self, address: _address(address))
    socket.create_connection = _guard("socket.create_connection", lambda address, *a, **k: _address(address))
    socket.getaddrinfo = _guard("socket.getaddrinfo", lambda host, port, *a, **k: f"{host}:{port}")


def _tcp_table():
    """inode → remote address of established TCP connections in this network namespace."""
    table = {}
    for name in ("tcp", "tcp6"):
        try:
            with open(f"/proc/net/{name}") as handle:
                rows = handle.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) < 10 or fields[3] != "01":  # 01 = ESTABLISHED
                continue
            remote_hex, port_hex = fields[2].split(":")
            if len(remote_hex) == 8:
                host = ".".join(str(b) for b in reversed(bytes.fromhex(remote_hex)))
            else:
                host = f"[{remote_hex}]"
            table[fields[9]] = f"{host}:{int(port_hex, 16)}"
    return table


def open_tcp_connections():
    """Remote addresses of TCP connections this process holds open (native code included)."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return []
    table = _tcp_table()
    found = []
    for fd in fds:
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:[") and link[8:-1] in table:
            found.append(table[link[8:-1]])
    return sorted(found)


def _error(exc):
    """The exception and the innermost frame of the user's code where it happened."""
    frames = traceback.extract_tb(exc.__traceback__)
    user = [f for f in frames if _is_user_frame(f.filename)]
    where = user[-1] if user else (frames[-1] if frames else None)
    return {
        "type": type(exc).__name__,
        "message": str(exc).strip().splitlines()[0] if str(exc).strip() else "",
        "file": where.filename if where else None,
        "line": where.lineno if where else None,
        "function": where.name if where else None,
        "traceback": "".join(traceback.format_exception(exc)),
    }


def count_definitions(module):
    from dagster._core.definitions.reconstruct import repository_def_from_target_def
    from dagster._core.workspace.autodiscovery import loadable_targets_from_loaded_module

    targets = loadable_targets_from_loaded_module(module)
    repo = repository_def_from_target_def(targets[0].target_definition)
    jobs = [job for job in repo.get_all_jobs() if not job.name.startswith("__")]
    return {
        "assets": len(repo.asset_graph.get_all_asset_keys()),
        "jobs": len(jobs),
        "schedules": len(repo.schedule_defs),
        "sensors": len(repo.sensor_defs),
        "asset_keys": sorted(key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()),
    }


def main():
    module_name, report_path = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.getcwd())
    report = {"module": module_name, "network": attempts, "error": None, "counts": None}

    # dagster and its loading machinery are not the code location (a code server has them loaded
    # before it imports the location): import them before timing and guarding.
    import dagster  # noqa: F401
    import dagster._core.definitions.reconstruct  # noqa: F401
    import dagster._core.workspace.autodiscovery  # noqa: F401

    install_guard()
    started = time.perf_counter()
    phase = "import"
    try:
        module = importlib.import_module(module_name)
        report["import_seconds"] = round(time.perf_counter() - started, 3)
        phase = "load"
        report["counts"] = count_definitions(module)
    except BaseException as exc:  # the module's own failure is the finding, whatever it is
        report["error"] = {"phase": phase, **_error(exc)}
    report["load_seconds"] = round(time.perf_counter() - started, 3)
    report.setdefault("import_seconds", report["load_seconds"])
    report["open_connections"] = open_tcp_connections()

    with open(report_path, "w") as handle:
        json.dump(report, handle, indent=2)


if __name__ == "__main__":
    main()
