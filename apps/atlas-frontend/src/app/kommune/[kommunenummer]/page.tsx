import { notFound } from 'next/navigation';
import { isKommunenummer, type Indicator, type KommuneIndicator } from '../../../api/client';
import { apiClient } from '../../../api/server-client';
import { formatNumber } from '../../format';

export const dynamic = 'force-dynamic';

interface IndicatorSeries {
  indicatorId: string;
  meta: Indicator | undefined;
  values: KommuneIndicator[];
}

/** Values grouped per indicator, in the order the API sorted them (indicator, newest period first). */
function groupByIndicator(values: KommuneIndicator[], indicators: Indicator[]): IndicatorSeries[] {
  const byId = new Map(indicators.map((indicator) => [indicator.indicator_id, indicator]));
  const series = new Map<string, IndicatorSeries>();
  for (const value of values) {
    let entry = series.get(value.indicator_id);
    if (!entry) {
      entry = { indicatorId: value.indicator_id, meta: byId.get(value.indicator_id), values: [] };
      series.set(value.indicator_id, entry);
    }
    entry.values.push(value);
  }
  return [...series.values()];
}

export default async function KommunePage({ params }: { params: Promise<{ kommunenummer: string }> }) {
  const { kommunenummer } = await params;
  if (!isKommunenummer(kommunenummer)) notFound();

  const client = apiClient();
  const [kommune, values, indicators] = await Promise.all([
    client.getKommune(kommunenummer),
    client.listKommuneIndicators(kommunenummer),
    client.listIndicators(),
  ]);
  if (!kommune) notFound();
  const series = groupByIndicator(values, indicators);

  return (
    <>
      <h1>
        {kommune.kommunenavn} <span className="muted">{kommune.kommunenummer}</span>
      </h1>
      <p>
        {kommune.fylkesnavn} county
        {kommune.population !== null &&
          `, ${formatNumber(kommune.population)} residents (${kommune.population_year})`}
        .
      </p>
      {series.length === 0 && <p className="muted">No indicator values for {kommune.kommunenavn} yet.</p>}
      {series.map(({ indicatorId, meta, values: rows }) => (
        <section key={indicatorId} id={indicatorId}>
          <h2>{meta?.name ?? indicatorId}</h2>
          {meta?.description && <p className="muted">{meta.description}</p>}
          <table>
            <thead>
              <tr>
                <th>Period</th>
                <th className="number">Value</th>
                <th>Unit</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.period}>
                  <td>{row.period}</td>
                  <td className="number">{formatNumber(row.value)}</td>
                  <td>{row.unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
