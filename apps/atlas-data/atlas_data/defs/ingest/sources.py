"""The ingest sources as the code location sees them: the ids of the atlas-ingest catalogue
(libs/atlas-data-ingest) and the raw table each one loads. The data contract fixes both."""

from dataclasses import dataclass

import dagster as dg


@dataclass(frozen=True)
class IngestSource:
    source_id: str
    table: str
    description: str

    @property
    def asset_key(self) -> dg.AssetKey:
        return dg.AssetKey(["raw", self.table])

    @property
    def slug(self) -> str:
        """A name usable in Dagster job and schedule names."""
        return self.source_id.replace("-", "_")


SOURCES: tuple[IngestSource, ...] = (
    IngestSource("kommuner", "kommuner", "SSB KLASS classification 131: the municipality reference list."),
    IngestSource("ssb-population", "ssb_population", "SSB table 07459: residents per kommune and year."),
    IngestSource("ssb-crime", "ssb_crime", "SSB table 08487: offences reported per 1000 residents."),
    IngestSource("fhi-life-expectancy", "fhi_life_expectancy", "FHI Statistikk: life expectancy at birth."),
    IngestSource("brreg-enheter", "brreg_enheter", "Brønnøysund Enhetsregisteret: registered main units."),
    IngestSource(
        "nav-unemployment", "nav_unemployment", "NAV: registered unemployment per kommune and month."
    ),
)

MIGRATIONS_ASSET_KEY = dg.AssetKey(["raw_schema_migrations"])


def source_by_table(table: str) -> IngestSource | None:
    return next((s for s in SOURCES if s.table == table), None)
