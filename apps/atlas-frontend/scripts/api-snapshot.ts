import { fileURLToPath } from 'node:url';
// A real import, so Nx sees that this app depends on the API contract.
import snapshotDocument from '@atlas/api-contract/openapi.json' with { type: 'json' };
import { renderApiTypes, type OpenApiDocument } from './render-api-types';

/** The snapshot as the workspace names it (in messages and in the generated header). */
export const SNAPSHOT_NAME = 'libs/dbt-project/api/openapi.json';
export const GENERATED_FILE = fileURLToPath(new URL('../src/api/generated-types.ts', import.meta.url));

/** A fresh copy of the snapshot document. */
export function readSnapshot(): OpenApiDocument {
  return structuredClone(snapshotDocument) as OpenApiDocument;
}

/** The text src/api/generated-types.ts must have for the snapshot. */
export function renderFromSnapshot(doc: OpenApiDocument = readSnapshot()): string {
  return renderApiTypes(doc, SNAPSHOT_NAME);
}
