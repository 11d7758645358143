import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiTables } from '../testing/api-fixtures';
import { startPostgrestStub, type PostgrestStub } from '../testing/postgrest-stub';
import KommunePage from './kommune/[kommunenummer]/page';
import KommunerPage from './page';

// The pages are async server components: awaiting one gives the element tree Next would stream,
// rendered here to HTML with the API answered by the loopback stub.
let stub: PostgrestStub;
const savedUrl = process.env['ATLAS_API_URL'];

beforeAll(async () => {
  stub = await startPostgrestStub(apiTables);
  process.env['ATLAS_API_URL'] = stub.url;
});
afterEach(() => {
  stub.override(undefined);
  stub.requests.length = 0;
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env['ATLAS_API_URL'];
  else process.env['ATLAS_API_URL'] = savedUrl;
  await stub.close();
});

// Norwegian number formatting groups digits with a no-break space (U+00A0).

async function renderKommune(kommunenummer: string): Promise<string> {
  return renderToStaticMarkup(await KommunePage({ params: Promise.resolve({ kommunenummer }) }));
}

/** What notFound() throws: Next turns it into the 404 page. */
const NOT_FOUND = expect.objectContaining({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });

describe('index page', () => {
  it('lists every kommune with a link, county and population', async () => {
    const html = renderToStaticMarkup(await KommunerPage());
    expect(html).toContain('<h1>Kommuner</h1>');
    expect(html).toContain('4 municipalities');
    expect(html).toContain(
      '<a href="/kommune/4601">Bergen</a></td><td>4601</td><td>Vestland</td><td class="number">291\u00a0940<span class="muted"> (2024)</span></td>',
    );
    // Tromsø has no population count: a dash, no year.
    expect(html).toContain(
      '<a href="/kommune/5501">Tromsø</a></td><td>5501</td><td>Troms</td><td class="number">–</td>',
    );
    expect(html.indexOf('Bergen')).toBeLessThan(html.indexOf('Oslo'));
  });

  it('fails with the one-line API error when the API is down', async () => {
    stub.override(() => ({
      status: 503,
      body: JSON.stringify({ code: 'PGRST001', message: 'Database client error. Retrying the connection.' }),
    }));
    await expect(KommunerPage()).rejects.toThrow(
      /\/v1\/kommuner\?order=kommunenavn answered 503: PGRST001 Database client error\. Retrying the connection\.$/,
    );
  });
});

describe('kommune page', () => {
  it('shows the kommune and its indicators, newest period first, with names from /v1/indicators', async () => {
    const html = await renderKommune('4601');
    expect(html).toContain('<h1>Bergen <span class="muted">4601</span></h1>');
    expect(html).toContain('Vestland county, 291\u00a0940 residents (2024).');
    expect(html).toContain('<section id="population"><h2>Population</h2><table>');
    expect(html).toMatch(
      /<td>2024<\/td><td class="number">291\u00a0940<\/td><td>persons<\/td><\/tr><tr><td>2023<\/td><td class="number">289\u00a0330<\/td>/,
    );
    expect(html).toContain('<h2>Life expectancy</h2><p class="muted">Expected years of life at birth.</p>');
    expect(html).toContain('<td>2016-2022</td><td class="number">82,8</td><td>years</td>');
    // An indicator /v1/indicators does not describe still shows, under its id.
    expect(html).toContain('<h2>registered_unemployed_percent</h2>');
    expect(html).not.toContain('717\u00a0710');
    expect([...stub.requests].sort()).toEqual([
      '/v1/indicators?order=indicator_id',
      '/v1/kommune_indicators?kommunenummer=eq.4601&order=indicator_id%2Cperiod.desc',
      '/v1/kommuner?kommunenummer=eq.4601',
    ]);
  });

  it('says so when a kommune has no indicator values yet', async () => {
    const html = await renderKommune('5501');
    expect(html).toContain('<h1>Tromsø <span class="muted">5501</span></h1>');
    expect(html).toContain('<p>Troms county.</p>');
    expect(html).toContain('No indicator values for Tromsø yet.');
  });

  it('is not found for a number the API does not know', async () => {
    await expect(renderKommune('9999')).rejects.toEqual(NOT_FOUND);
  });

  it('is not found for a path segment that is not a kommunenummer, without asking the API', async () => {
    await expect(renderKommune('bergen')).rejects.toEqual(NOT_FOUND);
    expect(stub.requests).toEqual([]);
  });
});
