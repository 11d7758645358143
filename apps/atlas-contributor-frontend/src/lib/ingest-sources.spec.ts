import { SOURCES } from '@atlas/atlas-data-ingest';
import { describe, expect, it } from 'vitest';
import { INGEST_SOURCES } from './ingest-sources';

// The page keeps its own small list (the ingest package runs under Node with NodeNext imports and
// network code the app must not bundle); this keeps the two from drifting apart.
describe('INGEST_SOURCES', () => {
  it("is the ingest catalogue's sources and raw tables, in its order", () => {
    expect(INGEST_SOURCES.map(({ id, table }) => ({ id, table }))).toEqual(
      SOURCES.map(({ id, table }) => ({ id, table })),
    );
  });
});
