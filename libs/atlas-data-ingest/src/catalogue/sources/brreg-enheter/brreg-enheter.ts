import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { jsonArrayElements } from '../../../parse/json-array-stream.js';
import { PayloadError } from '../../../parse/payload-error.js';
import { coerceRow } from '../../../parse/values.js';
import { catalogueEntry } from '../../catalogue-entry.js';
import { checkKommunenummer } from '../../kommunenummer.js';
import type { RawRow, SourceDefinition, SourceRequest } from '../../source-definition.js';

const ID = 'brreg-enheter';
const PATH = '/enhetsregisteret/api/enheter/lastned';
/**
 * The bulk download is content-negotiated: application/json is refused, and pinning v2 makes a
 * future record version a loud 406 instead of a quietly different shape.
 */
const ACCEPT = 'application/vnd.brreg.enhetsregisteret.enhet.v2+gzip';
const ORGANISASJONSNUMMER = /^\d{9}$/;
/** The fields the loader reads; each must still appear in the download (the live check's shape). */
const FIELDS = [
  'organisasjonsnummer',
  'navn',
  'organisasjonsform.kode',
  'naeringskode1.kode',
  'antallAnsatte',
  'harRegistrertAntallAnsatte',
  'forretningsadresse.kommunenummer',
  'stiftelsesdato',
] as const;

type Unit = Record<string, unknown>;

function field(unit: Unit, path: string): unknown {
  let value: unknown = unit;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** gzip's own errors say little ("unexpected end of file"); say what happened and what to do. */
function gzipError(url: string, error: Error & { code?: string }): PayloadError {
  const truncated = error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message);
  return new PayloadError(
    ID,
    truncated
      ? `the download of ${url} ends mid-file (${error.message}): it was cut short, run the ingest again`
      : `the download of ${url} is not gzip (${error.message}): the endpoint answered something else than the bulk file`,
  );
}

/**
 * Brønnøysund's Enhetsregisteret, every registered main unit, from the register's bulk download
 * (regenerated nightly): one gzipped, pretty-printed JSON array of ~1.2 million units (~2 GB
 * unpacked), streamed from the socket through gunzip and a structural scanner into COPY, never
 * held whole. Version 2 of the record hides headcounts under 5: such a unit has only
 * harRegistrertAntallAnsatte = true, no antallAnsatte. The kommune is the business address's.
 */
export const brregEnheter: SourceDefinition = {
  ...catalogueEntry(ID),
  baseUrl: 'https://data.brreg.no',
  format: 'json-array-gzip',
  columns: [
    { name: 'organisasjonsnummer', type: 'text', nullable: false },
    { name: 'navn', type: 'text', nullable: false },
    { name: 'organisasjonsform', type: 'text', nullable: false },
    { name: 'naeringskode', type: 'text', nullable: true },
    { name: 'antall_ansatte', type: 'int', nullable: true },
    { name: 'har_registrert_antall_ansatte', type: 'boolean', nullable: false },
    { name: 'kommunenummer', type: 'text', nullable: true },
    { name: 'stiftelsesdato', type: 'date', nullable: true },
  ],
  firstRequest(): SourceRequest {
    return { method: 'GET', path: PATH, accept: ACCEPT };
  },
  async *read(ctx) {
    const part = await ctx.stream(this.firstRequest());
    // The file is gzip as a payload (Content-Type application/gzip), not as a transfer encoding;
    // should a server also declare Content-Encoding, fetch has unpacked it already.
    const packed = !/gzip/i.test(part.headers.get('content-encoding') ?? '');
    const gunzip = createGunzip();
    let gzipFailure: PayloadError | undefined;
    if (packed) {
      pipeline(part.body, gunzip, (error) => {
        if (error && !gzipFailure && !part.body.errored) gzipFailure = gzipError(part.url, error);
      });
    }
    const bytes = packed ? gunzip : part.body;
    const seen = new Set<string>();
    let unit = 0;
    try {
      for await (const text of jsonArrayElements(ID, bytes)) {
        unit++;
        let record: Unit;
        try {
          record = JSON.parse(text) as Unit;
        } catch (error) {
          throw new PayloadError(ID, `is not valid JSON (${(error as Error).message})`, {
            row: `unit ${unit}`,
          });
        }
        const orgnr = record['organisasjonsnummer'];
        const row = `unit ${unit}${typeof orgnr === 'string' ? ` (organisasjonsnummer ${orgnr})` : ''}`;
        if (typeof orgnr !== 'string' || !ORGANISASJONSNUMMER.test(orgnr))
          throw new PayloadError(ID, `${JSON.stringify(orgnr)} is not a nine-digit organisation number`, {
            row,
            field: 'organisasjonsnummer',
          });
        for (const name of FIELDS) if (!seen.has(name) && field(record, name) !== undefined) seen.add(name);
        const values: RawRow = coerceRow({ source: ID, row }, this.columns, [
          orgnr,
          record['navn'],
          field(record, 'organisasjonsform.kode'),
          field(record, 'naeringskode1.kode'),
          record['antallAnsatte'],
          record['harRegistrertAntallAnsatte'],
          field(record, 'forretningsadresse.kommunenummer'),
          record['stiftelsesdato'],
        ]);
        if (values[6] !== null) checkKommunenummer(ID, row, values[6] ?? null);
        yield values;
      }
    } catch (error) {
      // A broken gzip stream surfaces in the scanner as a plain stream error or a cut-off array.
      if (gzipFailure) throw gzipFailure;
      if (error instanceof PayloadError) throw error;
      if ((error as { code?: string }).code?.startsWith('Z_')) throw gzipError(part.url, error as Error);
      throw error;
    } finally {
      part.body.destroy();
      gunzip.destroy();
    }
    for (const name of seen) ctx.shape.note('field', name);
  },
  fixtureFor(method, pathAndQuery) {
    return method === 'GET' && pathAndQuery.split('?')[0] === PATH ? 'enheter_alle.json.gz' : undefined;
  },
};
