import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../fixtures/fixture-server.js';
import { readFixture, withFixtureCopy } from '../../../fixtures/read-fixture.js';
import { describeSourceContract } from '../../../testing/source-contract.js';
import { brregEnheter } from './brreg-enheter.js';

describeSourceContract(brregEnheter, {
  table: 'brreg_enheter',
  columns: [
    'organisasjonsnummer text',
    'navn text',
    'organisasjonsform text',
    'naeringskode text',
    'antall_ansatte int',
    'har_registrert_antall_ansatte boolean',
    'kommunenummer text',
    'stiftelsesdato date',
  ],
  kommuneOf: (r) => (r[6] as string | null) ?? undefined,
});

const FILE = join(FIXTURES_DIR, 'brreg-enheter', 'enheter_alle.json.gz');

/** Read the source from a fixtures copy whose bulk file is `bytes`. */
async function readBulk(bytes: Buffer) {
  return withFixtureCopy(async (dir) => {
    await writeFile(join(dir, 'brreg-enheter', 'enheter_alle.json.gz'), bytes);
    return readFixture(brregEnheter, dir);
  });
}

describe('brreg-enheter: the bulk download', () => {
  it('asks for the v2 gzip representation of every unit, without paging', () => {
    expect(brregEnheter.firstRequest()).toEqual({
      method: 'GET',
      path: '/enhetsregisteret/api/enheter/lastned',
      accept: 'application/vnd.brreg.enhetsregisteret.enhet.v2+gzip',
    });
  });

  it('reads every unit of the file, in every kommune, with no cap', async () => {
    const units = JSON.parse(gunzipSync(await readFile(FILE)).toString('utf8')) as unknown[];
    const { values } = await readFixture(brregEnheter);
    expect(values).toHaveLength(units.length);
    expect(new Set(values.map((r) => r[0])).size).toBe(units.length);
    expect(values.some((r) => r[6] === '3201')).toBe(true); // a kommune outside the reference list
  });

  it('keeps hidden headcounts as "registered, not published" and units without a business address', async () => {
    const { values } = await readFixture(brregEnheter);
    const hidden = values.filter((r) => r[5] === true && r[4] === null);
    expect(hidden.length).toBeGreaterThan(0);
    expect(values.filter((r) => r[5] === false).every((r) => r[4] === null)).toBe(true);
    expect(values.filter((r) => r[4] !== null).every((r) => (r[4] as number) >= 5)).toBe(true);
    expect(values.filter((r) => r[6] === null).map((r) => r[1])).toEqual([
      'POSTBOKS HOLDING AS',
      'NORDISK GRENSEHANDEL NUF',
    ]);
    expect(values.map((r) => r[1])).toContain('STIFTELSEN "BRO" | HUS OG HAGE');
    expect(values.find((r) => r[1] === 'LYNG FRISØR AS')?.[3]).toBe('96.210');
  });

  it.each([
    [
      'a download cut short',
      (gz: Buffer) => gz.subarray(0, Math.floor(gz.length / 2)),
      /^brreg-enheter: the download of http:\/\/127\.0\.0\.1:\d+\/brreg-enheter\/enhetsregisteret\/api\/enheter\/lastned ends mid-file \(unexpected end of file\): it was cut short, run the ingest again$/,
    ],
    [
      'an answer that is not gzip',
      () => Buffer.from('<html>Service Unavailable</html>'),
      /^brreg-enheter: the download of http:\/\/127\.0\.0\.1:\d+\/\S+ is not gzip \(incorrect header check\): the endpoint answered something else than the bulk file$/,
    ],
    [
      'a unit without harRegistrertAntallAnsatte',
      (gz: Buffer) =>
        gzipSync(
          gunzipSync(gz)
            .toString('utf8')
            .replace('"harRegistrertAntallAnsatte" : true,\n  "antallAnsatte" : 32', '"antallAnsatte" : 32'),
        ),
      'brreg-enheter: row unit 1 (organisasjonsnummer 976036492), field "har_registrert_antall_ansatte": is missing (no value), but the column is required',
    ],
    [
      'a broken organisation number',
      (gz: Buffer) => gzipSync(gunzipSync(gz).toString('utf8').replace('"976036492"', '"97603649"')),
      'brreg-enheter: row unit 1 (organisasjonsnummer 97603649), field "organisasjonsnummer": "97603649" is not a nine-digit organisation number',
    ],
  ])('fails on %s with one line', async (_name, corrupt, message) => {
    await expect(readBulk(corrupt(await readFile(FILE)))).rejects.toThrow(message);
  });
});
