import { collectDiagnostics } from '../lib/diagnostics';
import { DatabaseSection } from './_components/database-section';
import { DbtSection } from './_components/dbt-section';
import { formatTimestamp } from './format';

// Read from PostgreSQL and the dbt target folder per request: nothing is read at build time.
export const dynamic = 'force-dynamic';

export default async function DiagnosticsPage() {
  const { collectedAt, database, dbt } = await collectDiagnostics();
  return (
    <>
      <h1>Atlas diagnostics</h1>
      <p className="muted">As of {formatTimestamp(collectedAt)}.</p>
      <DatabaseSection database={database} now={collectedAt} />
      <DbtSection dbt={dbt} now={collectedAt} />
    </>
  );
}
