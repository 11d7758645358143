import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiTables } from '../testing/api-fixtures';
import { startPostgrestStub, type PostgrestStub } from '../testing/postgrest-stub';
import { AtlasApiClient, AtlasApiError } from './client';

let stub: PostgrestStub;
let client: AtlasApiClient;

beforeAll(async () => {
  stub = await startPostgrestStub(apiTables);
  client = new AtlasApiClient(stub.url);
});
afterEach(() => {
  stub.override(undefined);
  stub.requests.length = 0;
});
afterAll(() => stub.close());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('AtlasApiClient', () => {
  it('lists kommuner sorted by name', async () => {
    const rows = await client.listKommuner();
    expect(rows.map((k) => k.kommunenavn)).toEqual(['Bergen', 'Oslo', 'Tromsø', 'Trondheim']);
    expect(stub.requests).toEqual(['/v1/kommuner?order=kommunenavn']);
  });

  it('gets one kommune by number, and undefined for a number the API does not know', async () => {
    expect(await client.getKommune('4601')).toMatchObject({
      kommunenavn: 'Bergen',
      fylkesnavn: 'Vestland',
      population: 291940,
    });
    expect(await client.getKommune('9999')).toBeUndefined();
    expect(stub.requests).toEqual([
      '/v1/kommuner?kommunenummer=eq.4601',
      '/v1/kommuner?kommunenummer=eq.9999',
    ]);
  });

  it("lists a kommune's indicator values per indicator, newest period first", async () => {
    const rows = await client.listKommuneIndicators('4601');
    expect(rows.map((r) => `${r.indicator_id} ${r.period}`)).toEqual([
      'life_expectancy_total 2016-2022',
      'population 2024',
      'population 2023',
      'registered_unemployed_percent 2024-03',
    ]);
    expect(stub.requests).toEqual([
      '/v1/kommune_indicators?kommunenummer=eq.4601&order=indicator_id%2Cperiod.desc',
    ]);
  });

  it('passes filters, order and limit through to any list path', async () => {
    const rows = await client.list('/v1/indicators', {
      filters: { source_id: 'eq.ssb-population' },
      order: ['name.desc'],
      limit: 1,
    });
    expect(rows).toEqual([apiTables.indicators[1]]);
    expect(stub.requests).toEqual(['/v1/indicators?source_id=eq.ssb-population&order=name.desc&limit=1']);
  });

  it('refuses a kommunenummer that is not four digits without asking the API', async () => {
    await expect(client.listKommuneIndicators('46O1')).rejects.toThrow(
      '"46O1" is not a kommunenummer: give four digits, e.g. 0301.',
    );
    expect(stub.requests).toEqual([]);
  });

  it("reports PostgREST's error code, message and hint", async () => {
    stub.override(() => ({
      status: 400,
      body: JSON.stringify({
        code: 'PGRST100',
        message: 'failed to parse filter',
        details: null,
        hint: 'check the operator',
      }),
    }));
    await expect(client.listKommuner()).rejects.toThrow(
      `GET ${stub.url}/v1/kommuner?order=kommunenavn answered 400: PGRST100 failed to parse filter (hint: check the operator)`,
    );
  });

  it('reports a view the API does not have (404 from the stub)', async () => {
    const other = new AtlasApiClient(`${stub.url}/nope`);
    const error = (await other.listIndicators().catch((e: unknown) => e)) as AtlasApiError;
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/answered 404: PGRST205 Could not find the table 'api_v1\./);
  });

  it('reports a non-JSON answer in one line', async () => {
    stub.override(() => ({
      status: 502,
      body: '<html>\n<body>Bad gateway</body>\n</html>',
      contentType: 'text/html',
    }));
    await expect(client.listKommuner()).rejects.toThrow(
      /answered 502: <html> <body>Bad gateway<\/body> <\/html>$/,
    );
    stub.override(() => ({ status: 200, body: 'ok', contentType: 'text/plain' }));
    await expect(client.listKommuner()).rejects.toThrow(
      /answered 200 without a JSON body: is ATLAS_API_URL the Atlas API\?$/,
    );
  });

  it('rejects an answer that is not a list of rows', async () => {
    stub.override(() => ({ status: 200, body: '{"kommuner": []}' }));
    await expect(client.listKommuner()).rejects.toThrow(/answered with a JSON object, not a list of rows/);
  });

  it('rejects rows that lack a column of the snapshot (the live API drifted from the contract)', async () => {
    const [oslo, bergen] = apiTables.kommuner;
    const withoutPopulation = Object.fromEntries(
      Object.entries(oslo ?? {}).filter(([column]) => column !== 'population'),
    );
    stub.override(() => ({ status: 200, body: JSON.stringify([bergen, withoutPopulation]) }));
    await expect(client.listKommuner()).rejects.toThrow(
      /row 1 lacks population; the API no longer matches the snapshot libs\/dbt-project\/api\/openapi\.json\.$/,
    );
  });

  it('says it cannot reach the API when nothing listens', async () => {
    const port = await closedPort();
    const offline = new AtlasApiClient(`http://127.0.0.1:${port}`);
    await expect(offline.listKommuner()).rejects.toThrow(
      `Cannot reach the Atlas API at http://127.0.0.1:${port}/v1/kommuner?order=kommunenavn (ECONNREFUSED): check ATLAS_API_URL and that the API is running.`,
    );
  });

  it('gives up on an API that does not answer in time', async () => {
    const hanging = createHttpServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    try {
      const slow = new AtlasApiClient(`http://127.0.0.1:${port}`, { timeoutMs: 200 });
      await expect(slow.listKommuner()).rejects.toThrow(/\(no answer in time\): check ATLAS_API_URL/);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
