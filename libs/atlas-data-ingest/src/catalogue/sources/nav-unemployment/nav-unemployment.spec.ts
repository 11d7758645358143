import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../../fixtures/fixture-server.js';
import { readFixture, withFixtureCopy } from '../../../fixtures/read-fixture.js';
import { discoverHl060Path } from './nav-hl060-discovery.js';
import { describeSourceContract } from '../../../testing/source-contract.js';
import { navUnemployment } from './nav-unemployment.js';

describeSourceContract(navUnemployment, {
  table: 'nav_unemployment',
  columns: [
    'region_label text',
    'month date',
    'registered_unemployed int',
    'percent_of_labour_force numeric',
  ],
  kommuneOf: (r) => /^(\d{4}) /.exec(r[0] as string)?.[1],
});

const PAGE = join(FIXTURES_DIR, 'nav-unemployment', 'helt-ledige.html');
const WORKBOOK = join(FIXTURES_DIR, 'nav-unemployment', 'HL060.xlsx');
const PAGE_URL =
  'https://www.nav.no/no/nav-og-samfunn/statistikk/arbeidssokere-og-stillinger-statistikk/helt-ledige';

/** Read the source from a fixtures copy whose workbook was changed by `edit`. */
async function readEdited(edit: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(WORKBOOK);
  edit(workbook);
  return withFixtureCopy(async (dir) => {
    await workbook.xlsx.writeFile(join(dir, 'nav-unemployment', 'HL060.xlsx'));
    return readFixture(navUnemployment, dir);
  });
}

describe('nav-unemployment: discovering the HL060 workbook on the publishing page', () => {
  it('finds the one HL060 attachment among the page links (the recorded page)', async () => {
    expect(discoverHl060Path('nav', PAGE_URL, await readFile(PAGE, 'utf8'))).toBe(
      '/_/attachment/download/4d6b8c2e-9f1a-4c7e-8b3a-2f5d1e0a7c91:0f3c9e8a1b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e/202608_HL060%20Helt%20ledige.%20Fylke%20og%20kommune.%20Tidsserie%20m%C3%A5ned.xlsx',
    );
  });

  it('follows the link when the next release moves the attachment', async () => {
    const page = (await readFile(PAGE, 'utf8')).replaceAll(
      '4d6b8c2e-9f1a-4c7e-8b3a-2f5d1e0a7c91:0f3c9e8a1b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e/202608_',
      '9a0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4:1234abcd5678ef901234abcd5678ef901234abcd/202609_',
    );
    expect(discoverHl060Path('nav', PAGE_URL, page)).toMatch(
      /^\/_\/attachment\/download\/9a0c1d2e-.*\/202609_HL060%20/,
    );
  });

  it('refuses a page without an HL060 link, and one with two', async () => {
    const page = await readFile(PAGE, 'utf8');
    expect(() => discoverHl060Path('nav', PAGE_URL, page.replaceAll('HL060', 'HL061'))).toThrow(
      `nav: field "HL060 link": the page ${PAGE_URL} links no HL060 workbook (/_/attachment/.../*HL060*.xlsx): NAV changed the page, find the table's new link and update the source definition`,
    );
    const twice = page.replace('202608_HL030', '202607_HL060');
    expect(() => discoverHl060Path('nav', PAGE_URL, twice)).toThrow(/links 2 HL060 workbooks/);
  });
});

describe('nav-unemployment: the HL060 workbook', () => {
  it('reads months as columns, kommune rows, county totals and "Ukjent" with NAV\'s labels', async () => {
    const { values, shape } = await readFixture(navUnemployment);
    const labels = [...new Set(values.map((r) => r[0]))];
    expect(labels).toContain('0301 Oslo - Oslove');
    expect(labels).toContain('I alt Oslo - Oslove');
    expect(labels).toContain('2100 Svalbard');
    expect(labels).toContain('Ukjent');
    // The bare county headers carry no figures and are not rows.
    expect(labels).not.toContain('Oslo - Oslove');
    expect(new Set(values.map((r) => r[1]))).toEqual(
      new Set([
        '2026-01-01',
        '2026-02-01',
        '2026-03-01',
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
        '2026-08-01',
      ]),
    );
    expect(values).toHaveLength(labels.length * 8);
    expect(shape.toJSON()['row kind']).toEqual(['county total', 'kommune', 'unknown']);
  });

  it('reads "*" as a suppressed (null) figure, in the count and in the share', async () => {
    const { values } = await readFixture(navUnemployment);
    const utsira = values.filter((r) => r[0] === '1151 Utsira');
    expect(utsira.length).toBe(8);
    expect(utsira.some((r) => r[2] === null && r[3] === null)).toBe(true);
    const unknown = values.filter((r) => r[0] === 'Ukjent');
    expect(unknown.every((r) => typeof r[2] === 'number' && r[3] === null)).toBe(true);
  });

  it('names the sheet, row and column of a value that is neither a number nor "*"', async () => {
    const edited = readEdited((wb) => {
      const sheet = wb.getWorksheet('3. Kommune Antall') as ExcelJS.Worksheet;
      sheet.eachRow((row) => {
        if (row.getCell(2).value === '0301 Oslo - Oslove') row.getCell(4).value = 'ca. 9000';
      });
    });
    await expect(edited).rejects.toThrow(
      'nav-unemployment: row 3. Kommune Antall row 8, column D, field "registered_unemployed": "ca. 9000" is neither a number nor NAV\'s suppression mark "*"',
    );
  });

  it('names a renamed sheet', async () => {
    const edited = readEdited((wb) => {
      (wb.getWorksheet('4. Kommune Prosent av arbeidsst') as ExcelJS.Worksheet).name = '4. Kommune Andel';
    });
    await expect(edited).rejects.toThrow(
      'nav-unemployment: field "sheet": the workbook has no sheet "4. Kommune Prosent av arbeidsst" (it has "0. Om tabellene", "1. Fylke Antall", "3. Kommune Antall", "4. Kommune Andel"): the file layout changed, update the source definition',
    );
  });

  it('fails with one line on a workbook cut short', async () => {
    const bytes = await readFile(WORKBOOK);
    const reading = withFixtureCopy(async (dir) => {
      await writeFile(join(dir, 'nav-unemployment', 'HL060.xlsx'), bytes.subarray(0, bytes.length - 400));
      return readFixture(navUnemployment, dir);
    });
    await expect(reading).rejects.toThrow(
      /^nav-unemployment: the workbook from http:\/\/127\.0\.0\.1:\d+\/\S+ cannot be read \(.*\): the download may be truncated or not a spreadsheet, run the ingest again$/,
    );
  });
});
