import type { TableCount } from '../../lib/table-counts';
import { formatAge, formatCount } from '../format';

/** Row counts of the raw data tables and when their rows were loaded. */
export function TablesSection({ tables, now }: { tables: TableCount[]; now: Date }) {
  return (
    <section id="tables">
      <h2>Raw tables</h2>
      <table>
        <thead>
          <tr>
            <th>Table</th>
            <th>Source</th>
            <th className="number">Rows</th>
            <th>Loaded</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((table) => (
            <tr key={table.table}>
              <td>raw.{table.table}</td>
              <td>{table.source}</td>
              {table.exists ? (
                <>
                  <td className="number">{formatCount(table.rows)}</td>
                  <td>{table.lastLoadedAt ? formatAge(table.lastLoadedAt, now) : 'empty'}</td>
                </>
              ) : (
                <td colSpan={2} className="problem">
                  missing
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
