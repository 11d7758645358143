/**
 * Where a source's parts live in the workspace. The generator edits these files in place; each path
 * is where CONTRIBUTING.md ("Adding a source") says the part goes.
 */
export const LAYOUT = {
  ingest: 'libs/atlas-data-ingest',
  catalogue: 'libs/atlas-data-ingest/src/catalogue/sources.json',
  definitions: 'libs/atlas-data-ingest/src/catalogue/catalogue.ts',
  referenceKommuner: 'libs/atlas-data-ingest/src/catalogue/reference-kommuner.ts',
  migrations: 'libs/atlas-data-ingest/migrations',
  fixtures: 'libs/atlas-data-ingest/fixtures',
  fixturesReadme: 'libs/atlas-data-ingest/fixtures/README.md',
  ingestReadme: 'libs/atlas-data-ingest/README.md',
  dbt: 'libs/dbt-project',
  dbtSources: 'libs/dbt-project/models/staging/__sources.yml',
  indicators: 'libs/dbt-project/seeds/indicators.csv',
  facts: 'libs/dbt-project/models/marts/fct_kommune_indicator.sql',
  factTests: 'libs/dbt-project/models/marts/fct_kommune_indicator.yml',
  dbtReadme: 'libs/dbt-project/README.md',
  codeLocation: 'apps/atlas-data/pyproject.toml',
  dataFlowDoc: 'apps/website/docs/architecture/data-flow.md',
} as const;
