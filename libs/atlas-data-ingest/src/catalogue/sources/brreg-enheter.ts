import { parseJson, PayloadError } from '../../parse/payload-error.js';
import { coerceRow } from '../../parse/values.js';
import { checkKommunenummer, KOMMUNENUMMER_COLUMN } from '../kommunenummer.js';
import type { PayloadPart, RawRow, SourceDefinition, SourceRequest } from '../source-definition.js';

const ID = 'brreg-enheter';
const PATH = '/enhetsregisteret/api/enheter';
const PAGE_SIZE = 100;
/** Enhetsregisteret's search answers at most 10,000 hits per query (page × size). */
const MAX_PAGES = Math.floor(10_000 / PAGE_SIZE);
const ORGANISASJONSNUMMER = /^\d{9}$/;

/** The kommuner whose registered units Atlas shows (the data contract's list). */
export const BRREG_KOMMUNER: readonly string[] = [
  '0301',
  '1103',
  '4601',
  '5001',
  '5501',
  '3301',
  '4204',
  '1508',
  '1804',
  '3403',
  '3905',
  '5601',
];

function pageRequest(kommunenummer: string, page: number): SourceRequest {
  const query = new URLSearchParams({ kommunenummer, page: String(page), size: String(PAGE_SIZE) });
  return { method: 'GET', path: `${PATH}?${query.toString()}` };
}

interface HalPage {
  number: number;
  totalPages: number;
  totalElements: number;
}

function readPage(part: PayloadPart): { page: HalPage; enheter: unknown[] } {
  const json = parseJson(ID, part) as Record<string, unknown> | null;
  const page = (json ?? {})['page'] as Record<string, unknown> | undefined;
  if (typeof json !== 'object' || json === null || typeof page !== 'object' || page === null) {
    throw new PayloadError(ID, `is missing in ${part.url}: expected an Enhetsregisteret HAL page`, {
      field: 'page',
    });
  }
  for (const key of ['number', 'totalPages', 'totalElements']) {
    if (!Number.isInteger(page[key]))
      throw new PayloadError(ID, `is ${JSON.stringify(page[key])} in ${part.url}, expected a whole number`, {
        field: `page.${key}`,
      });
  }
  const embedded = json['_embedded'] as Record<string, unknown> | undefined;
  // The API leaves _embedded out when a query has no hits.
  if (embedded === undefined && page['totalElements'] === 0)
    return { page: page as unknown as HalPage, enheter: [] };
  if (typeof embedded !== 'object' || embedded === null || !Array.isArray(embedded['enheter'])) {
    throw new PayloadError(ID, `is missing in ${part.url}`, { field: '_embedded.enheter' });
  }
  return { page: page as unknown as HalPage, enheter: embedded['enheter'] };
}

function kode(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['kode'] : value;
}

/**
 * Brønnøysund Enhetsregisteret: registered main units (enheter) with a business address in each of
 * BRREG_KOMMUNER, paged HAL JSON ({"_embedded": {"enheter": [...]}, "page": {...}}), every page
 * followed by its number (not by _links, so a base-URL override keeps working).
 */
export const brregEnheter: SourceDefinition = {
  id: ID,
  title: 'Brønnøysund Enhetsregisteret: registered main units per kommune',
  baseUrl: 'https://data.brreg.no',
  format: 'hal-json-paged',
  schedule: '0 3 * * *',
  table: 'brreg_enheter',
  columns: [
    { name: 'organisasjonsnummer', type: 'text', nullable: false },
    { name: 'navn', type: 'text', nullable: false },
    { name: 'organisasjonsform', type: 'text', nullable: false },
    { name: 'naeringskode', type: 'text', nullable: true },
    { name: 'antall_ansatte', type: 'int', nullable: true },
    KOMMUNENUMMER_COLUMN,
    { name: 'stiftelsesdato', type: 'date', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return pageRequest(BRREG_KOMMUNER[0] as string, 0);
  },
  async fetch(ctx) {
    const parts: PayloadPart[] = [];
    for (const kommunenummer of BRREG_KOMMUNER) {
      const first = await ctx.request(pageRequest(kommunenummer, 0));
      parts.push(first);
      const { page } = readPage(first);
      const pages = Math.min(page.totalPages, MAX_PAGES);
      if (page.totalPages > MAX_PAGES) {
        ctx.warn(
          `${ID}: kommune ${kommunenummer} has ${page.totalElements} units; the search API serves the first ${MAX_PAGES * PAGE_SIZE}, the rest is not loaded.`,
        );
      }
      for (let n = 1; n < pages; n++) parts.push(await ctx.request(pageRequest(kommunenummer, n)));
    }
    return parts;
  },
  parse(parts) {
    const rows: RawRow[] = [];
    const seen = new Set<string>();
    for (const part of parts) {
      const { page, enheter } = readPage(part);
      const requested = new URL(part.url).searchParams.get('kommunenummer');
      enheter.forEach((item: unknown, i) => {
        const enhet = (item ?? {}) as Record<string, unknown>;
        const orgnr = enhet['organisasjonsnummer'];
        const row = `${i + 1} of page ${page.number}${requested ? ` for kommune ${requested}` : ''}${typeof orgnr === 'string' ? ` (organisasjonsnummer ${orgnr})` : ''}`;
        const address = enhet['forretningsadresse'] as Record<string, unknown> | undefined;
        const record: Record<string, unknown> = {
          organisasjonsnummer: orgnr,
          navn: enhet['navn'],
          organisasjonsform: kode(enhet['organisasjonsform']),
          naeringskode: kode(enhet['naeringskode1']),
          antall_ansatte: enhet['antallAnsatte'],
          kommunenummer: address?.['kommunenummer'] ?? requested,
          stiftelsesdato: enhet['stiftelsesdato'],
        };
        const values = coerceRow(
          { source: ID, row },
          this.columns,
          this.columns.map((c) => record[c.name]),
        );
        if (!ORGANISASJONSNUMMER.test(String(values[0]))) {
          throw new PayloadError(ID, `${JSON.stringify(values[0])} is not a nine-digit organisasjonsnummer`, {
            row,
            field: 'organisasjonsnummer',
          });
        }
        checkKommunenummer(ID, row, values[5] ?? null);
        // A unit can move between pages while the register changes under the paging: keep it once.
        if (seen.has(values[0] as string)) return;
        seen.add(values[0] as string);
        rows.push(values);
      });
    }
    return rows;
  },
  fixtureFor(method, pathAndQuery) {
    const url = new URL(pathAndQuery, 'http://fixture');
    const kommunenummer = url.searchParams.get('kommunenummer');
    const page = url.searchParams.get('page') ?? '0';
    if (
      method !== 'GET' ||
      url.pathname !== PATH ||
      !kommunenummer ||
      !/^\d{4}$/.test(kommunenummer) ||
      !/^\d+$/.test(page)
    )
      return undefined;
    return `enheter-${kommunenummer}-page-${page}.json`;
  },
};
