"""Where the code location finds its neighbours. The defaults are the monorepo layout (this package
lives in apps/atlas-data); the image sets the environment variables to its own layout."""

import os
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = APP_DIR.parent.parent

DBT_PROJECT_DIR_ENV = "ATLAS_DBT_PROJECT_DIR"
INGEST_DIR_ENV = "ATLAS_INGEST_DIR"
DBT_TARGET_PATH_ENV = "ATLAS_DBT_TARGET_PATH"

# Same relative paths as [tool.atlas.code-location] in pyproject.toml (they draw the Nx graph edges).
_DEFAULT_DBT_PROJECT = APP_DIR / "../../libs/dbt-project"
_DEFAULT_INGEST = APP_DIR / "../../libs/atlas-data-ingest"


def _resolve(env_var: str, default: Path, environ: "os._Environ[str] | dict[str, str]") -> Path:
    value = environ.get(env_var)
    return (Path(value) if value else default).resolve()


def dbt_project_dir(environ: "os._Environ[str] | dict[str, str] | None" = None) -> Path:
    return _resolve(DBT_PROJECT_DIR_ENV, _DEFAULT_DBT_PROJECT, os.environ if environ is None else environ)


def ingest_dir(environ: "os._Environ[str] | dict[str, str] | None" = None) -> Path:
    return _resolve(INGEST_DIR_ENV, _DEFAULT_INGEST, os.environ if environ is None else environ)


def dbt_target_path(environ: "os._Environ[str] | dict[str, str] | None" = None) -> Path:
    """The dbt target folder holding manifest.json; relative values are relative to the dbt project."""
    env = os.environ if environ is None else environ
    return Path(env.get(DBT_TARGET_PATH_ENV) or "target")
