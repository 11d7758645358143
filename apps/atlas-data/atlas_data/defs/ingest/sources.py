"""The ingest sources as the code location sees them, read from the ingest's catalogue: the one
list of Atlas's sources, their raw tables and schedules (libs/atlas-data-ingest/src/catalogue/
sources.json, which the TypeScript source definitions read too). Reading it is a small file read
when the definitions load, never at import, and opens no socket."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import dagster as dg

from atlas_data import paths

CATALOGUE_FILE = Path("src") / "catalogue" / "sources.json"
MIGRATIONS_ASSET_KEY = dg.AssetKey(["raw_schema_migrations"])


class IngestCatalogueError(RuntimeError):
    pass


@dataclass(frozen=True)
class IngestSource:
    source_id: str
    table: str
    description: str
    # Cron in the catalogue's time zone.
    schedule: str

    @property
    def asset_key(self) -> dg.AssetKey:
        return dg.AssetKey(["raw", self.table])

    @property
    def slug(self) -> str:
        """A name usable in Dagster job and schedule names."""
        return self.source_id.replace("-", "_")


@dataclass(frozen=True)
class IngestCatalogue:
    timezone: str
    sources: tuple[IngestSource, ...]


def catalogue_path(ingest_dir: Path | None = None) -> Path:
    return (ingest_dir or paths.ingest_dir()) / CATALOGUE_FILE


def read_catalogue(path: Path) -> IngestCatalogue:
    """The catalogue file, or one clear error saying what is wrong with it."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IngestCatalogueError(
            f"the ingest catalogue {path} does not exist: set {paths.INGEST_DIR_ENV} to the atlas-data-ingest package folder."
        ) from None
    except json.JSONDecodeError as error:
        raise IngestCatalogueError(f"the ingest catalogue {path} is not valid JSON ({error}).") from None
    try:
        sources = tuple(
            IngestSource(
                source_id=entry["id"],
                table=entry["table"],
                description=entry["title"],
                schedule=entry["schedule"],
            )
            for entry in document["sources"]
        )
        return IngestCatalogue(timezone=document["timezone"], sources=sources)
    except (KeyError, TypeError) as error:
        raise IngestCatalogueError(
            f"the ingest catalogue {path} lacks {error}: each source needs id, table, title and schedule, the file a timezone."
        ) from None


@cache
def ingest_catalogue() -> IngestCatalogue:
    return read_catalogue(catalogue_path())


def sources() -> tuple[IngestSource, ...]:
    return ingest_catalogue().sources


def source_by_table(table: str) -> IngestSource | None:
    return next((s for s in sources() if s.table == table), None)
