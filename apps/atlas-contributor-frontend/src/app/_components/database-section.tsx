import type { DatabaseDiagnostics } from '../../lib/diagnostics';
import { formatAge, formatTimestamp } from '../format';
import { LoadsSection } from './loads-section';
import { MigrateHint } from './migrate-hint';
import { TablesSection } from './tables-section';

/** The database part of the page: connection, migrations, loads and tables, or why there are none. */
export function DatabaseSection({ database, now }: { database: DatabaseDiagnostics; now: Date }) {
  if (database.state !== 'ok') {
    return (
      <section id="database">
        <p className="problem">{database.message}</p>
      </section>
    );
  }
  const { migrations } = database;
  return (
    <>
      <section id="database">
        <p>
          Database <code>{database.where}</code>
          {migrations?.latest && (
            <>
              {' '}
              · {migrations.applied} migration{migrations.applied === 1 ? '' : 's'} applied, latest{' '}
              <code>{migrations.latest.filename}</code> {formatAge(migrations.latest.appliedAt, now)} (
              {formatTimestamp(migrations.latest.appliedAt)})
            </>
          )}
        </p>
        {database.missingRelations.length > 0 && <MigrateHint missing={database.missingRelations} />}
      </section>
      {database.loads && <LoadsSection sources={database.loads} now={now} />}
      <TablesSection tables={database.tables} now={now} />
    </>
  );
}
