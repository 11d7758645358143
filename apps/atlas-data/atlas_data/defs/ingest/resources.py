"""How the code location runs the TypeScript ingest CLI (`atlas-ingest` of libs/atlas-data-ingest)."""

import json
import os
import shutil
from pathlib import Path

import dagster as dg

from atlas_data import paths


class IngestCliNotFoundError(RuntimeError):
    pass


def ingest_bin(ingest_dir: Path) -> Path:
    """The `atlas-ingest` bin declared in the ingest package's package.json."""
    package_json = ingest_dir / "package.json"
    try:
        package = json.loads(package_json.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IngestCliNotFoundError(
            f"{package_json} does not exist: set {paths.INGEST_DIR_ENV} to the atlas-data-ingest package folder."
        ) from None
    bins = package.get("bin") or {}
    relative = bins.get("atlas-ingest") if isinstance(bins, dict) else None
    if not relative:
        raise IngestCliNotFoundError(
            f"{package_json} declares no `atlas-ingest` bin: is {ingest_dir} the atlas-data-ingest package?"
        )
    path = (ingest_dir / relative).resolve()
    if not path.exists():
        raise IngestCliNotFoundError(
            f"the atlas-ingest bin {path} does not exist (declared in {package_json})."
        )
    return path


class AtlasIngestCli(dg.ConfigurableResource):
    """Builds the argv and environment of `atlas-ingest` runs. Nothing is resolved until a run uses it."""

    ingest_dir: str | None = None
    node: str = "node"
    # Connection of the raw.* owner role; passed to the CLI, never logged.
    database_url: str | None = None
    # Serve the recorded fixtures on loopback instead of calling the real upstream APIs.
    fixtures: bool = False
    # The same from another folder laid out like the ingest's fixtures/ (<source id>/<file>).
    fixtures_dir: str | None = None

    def resolved_ingest_dir(self) -> Path:
        return Path(self.ingest_dir).resolve() if self.ingest_dir else paths.ingest_dir()

    def command(self, *args: str) -> list[str]:
        node = shutil.which(self.node) or self.node
        argv = [node, str(ingest_bin(self.resolved_ingest_dir())), *args]
        # Only `ingest` fetches; the CLI refuses the fixture options on `migrate`.
        if args[:1] == ("ingest",):
            if self.fixtures_dir:
                argv += ["--fixtures-dir", str(Path(self.fixtures_dir).resolve())]
            elif self.fixtures:
                argv.append("--fixtures")
        return argv

    def env(self) -> dict[str, str]:
        url = self.database_url or os.environ.get("ATLAS_DATABASE_URL")
        if not url:
            raise dg.Failure(
                description="ATLAS_DATABASE_URL is not set: the ingest needs the connection URL of the Atlas database."
            )
        return {"ATLAS_DATABASE_URL": url}


def ingest_resources() -> dict[str, object]:
    return {
        "atlas_ingest": AtlasIngestCli(
            fixtures=os.environ.get("ATLAS_INGEST_FIXTURES") == "1",
            fixtures_dir=os.environ.get("ATLAS_INGEST_FIXTURES_DIR") or None,
        ),
        "pipes_subprocess_client": dg.PipesSubprocessClient(),
    }
