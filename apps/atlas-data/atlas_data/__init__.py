"""The Atlas Dagster code location: ingest assets (TypeScript through Dagster Pipes) and dbt assets."""
