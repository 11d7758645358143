import { SOURCES } from '@atlas/atlas-data-ingest';
import { describe, expect, it } from 'vitest';
import { INGEST_SOURCES } from './ingest-sources';

describe('INGEST_SOURCES', () => {
  it("is the ingest catalogue's sources and raw tables, in its order", () => {
    expect(INGEST_SOURCES.map(({ id, table }) => ({ id, table }))).toEqual(
      SOURCES.map(({ id, table }) => ({ id, table })),
    );
    expect(INGEST_SOURCES.length).toBeGreaterThanOrEqual(6);
  });
});
