import { Fragment } from 'react';
import type { DbtDiagnostics } from '../../lib/diagnostics';
import { isProblemStatus } from '../../lib/dbt-run-results';
import { formatAge, formatSeconds, formatTimestamp } from '../format';
import { StatusLabel } from './status-label';

/** The latest dbt invocation from run_results.json: counts per status, then every node, problems first. */
export function DbtSection({ dbt, now }: { dbt: DbtDiagnostics; now: Date }) {
  if (dbt.state === 'unconfigured') {
    return (
      <section id="dbt">
        <h2>Latest dbt run</h2>
        <p className="problem">{dbt.message}</p>
      </section>
    );
  }
  if (dbt.state === 'missing') {
    return (
      <section id="dbt">
        <h2>Latest dbt run</h2>
        <p className="hint">
          No dbt run results at <code>{dbt.path}</code>: run <code>npx nx run dbt-project:dbt-build</code> (or{' '}
          <code>dbt build</code> in the dbt project), or set ATLAS_DBT_TARGET_DIR to the target folder of the
          run you want to see.
        </p>
      </section>
    );
  }
  if (dbt.state === 'invalid') {
    return (
      <section id="dbt">
        <h2>Latest dbt run</h2>
        <p className="problem">
          Cannot use <code>{dbt.path}</code>: {dbt.problem}.
        </p>
      </section>
    );
  }
  const problems = dbt.nodes.filter((node) => isProblemStatus(node.status)).length;
  return (
    <section id="dbt">
      <h2>Latest dbt run</h2>
      <p>
        <code>{dbt.command}</code> with dbt {dbt.dbtVersion}, finished {formatAge(dbt.generatedAt, now)} (
        {formatTimestamp(dbt.generatedAt)}), took {formatSeconds(dbt.elapsedSeconds)}.
      </p>
      <p>
        {Object.entries(dbt.statusCounts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, count], index) => (
            <Fragment key={status}>
              {index > 0 && ', '}
              {count} <StatusLabel status={status} />
            </Fragment>
          ))}
        {problems === 0 ? ' · no problems' : ` · ${problems} node${problems === 1 ? '' : 's'} need attention`}
      </p>
      <table>
        <thead>
          <tr>
            <th>Node</th>
            <th>Status</th>
            <th>Started</th>
            <th className="number">Took</th>
            <th className="number">Failures</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {dbt.nodes.map((node) => (
            <tr key={node.uniqueId}>
              <td>{node.uniqueId}</td>
              <td>
                <StatusLabel status={node.status} />
              </td>
              <td>{formatTimestamp(node.startedAt)}</td>
              <td className="number">{formatSeconds(node.executionSeconds)}</td>
              <td className="number">{node.failures ?? '–'}</td>
              <td>
                {node.message && (
                  <pre className={isProblemStatus(node.status) ? 'problem' : undefined}>{node.message}</pre>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
