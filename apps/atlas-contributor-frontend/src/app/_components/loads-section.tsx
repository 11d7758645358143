import type { LoadRecord, SourceLoads } from '../../lib/load-history';
import { formatAge, formatCount, formatSeconds, formatTimestamp, secondsBetween } from '../format';
import { StatusLabel } from './status-label';

function age(load: LoadRecord, now: Date): string {
  // A running load has no finish yet: its age is how long it has been running. So has an
  // abandoned one nobody recorded yet: how long ago it started is all there is.
  return load.status === 'running' || (load.status === 'abandoned' && !load.finishedAt)
    ? `started ${formatAge(load.startedAt, now)}`
    : formatAge(load.finishedAt ?? load.startedAt, now);
}

function ErrorText({ error }: { error: string | null }) {
  return error ? <pre className="problem">{error}</pre> : null;
}

function LatestRow({ source, now }: { source: SourceLoads; now: Date }) {
  const latest = source.loads[0];
  const name = source.known ? source.source : `${source.source} (not in the source catalogue)`;
  if (!latest) {
    return (
      <tr id={`source-${source.source}`}>
        <td>{name}</td>
        <td colSpan={6} className="muted">
          never loaded: run <code>npx atlas-ingest ingest {source.source}</code>
        </td>
      </tr>
    );
  }
  return (
    <tr id={`source-${source.source}`}>
      <td>{name}</td>
      <td>
        <StatusLabel status={latest.status} />
      </td>
      <td className="number">{formatCount(latest.rows)}</td>
      <td>{age(latest, now)}</td>
      <td>{formatSeconds(secondsBetween(latest.startedAt, latest.finishedAt))}</td>
      <td>
        {latest.status === 'succeeded'
          ? 'this load'
          : source.lastSucceededAt
            ? formatAge(source.lastSucceededAt, now)
            : 'never'}
      </td>
      <td>
        <ErrorText error={latest.error} />
      </td>
    </tr>
  );
}

function History({ source, now }: { source: SourceLoads; now: Date }) {
  return (
    <details>
      <summary>
        {source.source}: last {source.loads.length} load{source.loads.length === 1 ? '' : 's'}
      </summary>
      <table>
        <thead>
          <tr>
            <th>Load</th>
            <th>Status</th>
            <th>Started</th>
            <th>Age</th>
            <th className="number">Rows</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {source.loads.map((load) => (
            <tr key={load.loadId}>
              <td>{load.loadId}</td>
              <td>
                <StatusLabel status={load.status} />
              </td>
              <td>{formatTimestamp(load.startedAt)}</td>
              <td>{age(load, now)}</td>
              <td className="number">{formatCount(load.rows)}</td>
              <td>
                <ErrorText error={load.error} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Per ingest source: its latest load from raw._loads, then the recent history. */
export function LoadsSection({ sources, now }: { sources: SourceLoads[]; now: Date }) {
  return (
    <section id="loads">
      <h2>Ingest loads</h2>
      <table>
        <thead>
          <tr>
            <th>Source</th>
            <th>Latest load</th>
            <th className="number">Rows</th>
            <th>Age</th>
            <th>Took</th>
            <th>Last success</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <LatestRow key={source.source} source={source} now={now} />
          ))}
        </tbody>
      </table>
      {sources
        .filter((source) => source.loads.length > 0)
        .map((source) => (
          <History key={source.source} source={source} now={now} />
        ))}
    </section>
  );
}
