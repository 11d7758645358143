// Generated from libs/dbt-project/api/openapi.json (Atlas public API 1.0.0) by scripts/generate-api-types.ts.
// Do not edit: change the snapshot, then run `npx nx run atlas-frontend:generate-api-types`.
// PostgREST returns every column of a view (unless `select` narrows it), so every property is present;
// nullable columns are typed `| null`.

/** The component schemas of the snapshot: one per api_v1 view, plus the error body. */
export interface ApiSchemas {
  /** A kommune with its county and latest population. */
  kommuner: {
    /** Four-digit municipality number. */
    kommunenummer: string;
    /** Official municipality name. */
    kommunenavn: string;
    /** Two-digit county number. */
    fylkesnummer: string;
    /** Official county name. */
    fylkesnavn: string;
    /** Residents on 1 January of population_year; null when SSB has no count. */
    population: number | null;
    /** The year of the latest population count. */
    population_year: number | null;
  };
  /** An indicator Atlas publishes. */
  indicators: {
    /** Stable id, used as a filter on /v1/kommune_indicators. */
    indicator_id: string;
    /** Human-readable name. */
    name: string;
    /** Unit of the values. */
    unit: string;
    /** The ingest source the values come from. */
    source_id: string;
    /** What the indicator measures and where it comes from. */
    description: string | null;
  };
  /** One value of one indicator for one kommune and period. */
  kommune_indicators: {
    /** Four-digit municipality number. */
    kommunenummer: string;
    /** Official municipality name. */
    kommunenavn: string;
    /** What is measured (see /v1/indicators). */
    indicator_id: string;
    /** A year (2024), a month (2024-03), a span of years (2023-2024, 1999-2023) or a snapshot date (2024-06-01). */
    period: string;
    /** The value, in unit. */
    value: number;
    /** Unit of the value. */
    unit: string;
  };
  /** Registered organisations in one kommune. */
  kommune_businesses: {
    /** Four-digit municipality number. */
    kommunenummer: string;
    /** Official municipality name. */
    kommunenavn: string;
    /** Main units registered with a business address in the kommune. */
    organisation_count: number;
    /** Employees of those units as the register publishes them; it hides headcounts under 5, so units with fewer than 5 employees add nothing and the sum is a lower bound. */
    employee_count: number;
  };
  /** PostgREST's error body. */
  error: {
    code: string;
    message: string;
    details: string | null;
    hint: string | null;
  };
}

/** Every list path: the row it answers with and the columns its query can filter on. */
export interface ApiPaths {
  "/v1/kommuner": { row: ApiSchemas["kommuner"]; filters: "kommunenummer" | "kommunenavn" | "fylkesnummer" | "fylkesnavn" | "population" | "population_year" };
  "/v1/indicators": { row: ApiSchemas["indicators"]; filters: "indicator_id" | "name" | "unit" | "source_id" | "description" };
  "/v1/kommune_indicators": { row: ApiSchemas["kommune_indicators"]; filters: "kommunenummer" | "kommunenavn" | "indicator_id" | "period" | "value" | "unit" };
  "/v1/kommune_businesses": { row: ApiSchemas["kommune_businesses"]; filters: "kommunenummer" | "kommunenavn" | "organisation_count" | "employee_count" };
}

/** The columns each path answers with, to check live responses against the snapshot. */
export const API_COLUMNS = {
  "/v1/kommuner": ["kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn", "population", "population_year"],
  "/v1/indicators": ["indicator_id", "name", "unit", "source_id", "description"],
  "/v1/kommune_indicators": ["kommunenummer", "kommunenavn", "indicator_id", "period", "value", "unit"],
  "/v1/kommune_businesses": ["kommunenummer", "kommunenavn", "organisation_count", "employee_count"],
} as const satisfies { [P in keyof ApiPaths]: ReadonlyArray<keyof ApiPaths[P]["row"]> };
