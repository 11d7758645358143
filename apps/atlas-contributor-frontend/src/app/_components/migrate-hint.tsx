import { MIGRATE_COMMAND } from '../../lib/ingest-sources';

/** Said wherever a raw.* relation is missing: the schema comes from the ingest migrations. */
export function MigrateHint({ missing }: { missing: string[] }) {
  return (
    <p className="hint">
      Missing in this database: {missing.join(', ')}. Run <code>{MIGRATE_COMMAND}</code> with
      ATLAS_DATABASE_URL set to it to create the raw schema.
    </p>
  );
}
