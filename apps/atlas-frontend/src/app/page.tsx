import Link from 'next/link';
import { apiClient } from '../api/server-client';
import { formatNumber } from './format';

// Rendered per request from the API: nothing is fetched at build time.
export const dynamic = 'force-dynamic';

export default async function KommunerPage() {
  const kommuner = await apiClient().listKommuner();
  return (
    <>
      <h1>Kommuner</h1>
      <p className="muted">{kommuner.length} municipalities with their county and latest population.</p>
      <table>
        <thead>
          <tr>
            <th>Kommune</th>
            <th>Number</th>
            <th>County</th>
            <th className="number">Population</th>
          </tr>
        </thead>
        <tbody>
          {kommuner.map((kommune) => (
            <tr key={kommune.kommunenummer}>
              <td>
                <Link href={`/kommune/${kommune.kommunenummer}`}>{kommune.kommunenavn}</Link>
              </td>
              <td>{kommune.kommunenummer}</td>
              <td>{kommune.fylkesnavn}</td>
              <td className="number">
                {formatNumber(kommune.population)}
                {kommune.population_year !== null && (
                  <span className="muted"> ({kommune.population_year})</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
