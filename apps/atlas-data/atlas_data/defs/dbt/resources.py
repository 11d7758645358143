"""The dbt project (libs/dbt-project) and the dbt CLI resource, built on first use only."""

import os
import shutil
import sys
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from dagster_dbt import DbtCliResource, DbtProject

from atlas_data import paths


class DbtManifestMissingError(RuntimeError):
    pass


@cache
def dbt_project() -> DbtProject:
    """Reads dbt_project.yml only; no dbt invocation. Cached: one instance per process."""
    return DbtProject(project_dir=paths.dbt_project_dir(), target_path=paths.dbt_target_path())


def manifest_path(project: DbtProject) -> Path:
    """The parsed manifest, or one clear error saying how to produce it.

    We do not parse lazily: loading the code location must never invoke dbt (it runs in every run
    pod's cold start); the image bakes the manifest in at build time.
    """
    path = project.manifest_path
    if not path.exists():
        raise DbtManifestMissingError(
            f"dbt manifest not found at {path}: run `dbt parse --project-dir {project.project_dir} "
            f"--profiles-dir {project.profiles_dir}` first (the atlas-data image does it at build), "
            f"or set {paths.DBT_TARGET_PATH_ENV} to a folder holding manifest.json."
        )
    return path


def dbt_env_from_database_url(url: str) -> dict[str, str]:
    """profiles.yml reads DBT_PG_*; the code location holds one URL (postgres://user:pw@host:port/db)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql") or not parts.hostname or not parts.path.strip("/"):
        raise ValueError("ATLAS_DATABASE_URL must look like postgres://user:password@host:port/database.")
    env = {
        "DBT_PG_HOST": parts.hostname,
        "DBT_PG_PORT": str(parts.port or 5432),
        "DBT_PG_USER": unquote(parts.username or ""),
        "DBT_PG_PASSWORD": unquote(parts.password or ""),
        "DBT_PG_DBNAME": unquote(parts.path.lstrip("/")),
    }
    sslmode = parse_qs(parts.query).get("sslmode")
    if sslmode:
        env["DBT_PG_SSLMODE"] = sslmode[0]
    return env


def apply_dbt_env(environ: "os._Environ[str] | dict[str, str] | None" = None) -> None:
    """Fills DBT_PG_* from ATLAS_DATABASE_URL at run time; variables set explicitly win."""
    env = os.environ if environ is None else environ
    url = env.get("ATLAS_DATABASE_URL")
    if not url:
        return
    for key, value in dbt_env_from_database_url(url).items():
        env.setdefault(key, value)


def dbt_executable() -> str:
    """dbt from PATH, else the one installed beside this interpreter (an unactivated venv)."""
    found = shutil.which("dbt")
    if found:
        return found
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def dbt_resources() -> dict[str, object]:
    return {"dbt": DbtCliResource(project_dir=dbt_project(), dbt_executable=dbt_executable())}
