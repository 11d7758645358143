/**
 * Writes fixtures/nav-unemployment/HL060.xlsx: a small workbook in the layout of NAV's HL060
 * ("Helt ledige. Fylke og kommune. Tidsserie måned") as the fixtures README describes it, with
 * the reference kommuner and a few others. The figures are illustrative, not NAV's.
 *
 *   npx tsx libs/atlas-data-ingest/scripts/make-nav-fixture.ts
 *
 * Written with ExcelJS's streaming writer and shared strings, which, like Excel, stores the
 * shared strings after the sheets.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const OUT = join(FIXTURES, 'nav-unemployment', 'HL060.xlsx');
const TITLE = 'HL060 Helt ledige. Fylke og kommune. Tidsserie måned';
const MONTHS = ['Januar', 'Februar', 'Mars', 'April', 'Mai', 'Juni', 'Juli', 'August'];
const PERIOD = 'Januar - august 2026';

const names = new Map<string, string>(
  (
    JSON.parse(readFileSync(join(FIXTURES, 'kommuner', 'codes-at-2024-01-01.json'), 'utf8')) as {
      codes: { code: string; name: string }[];
    }
  ).codes.map((c) => [c.code, c.name]),
);

/** County blocks in NAV's order, each with the kommuner shown and their labour force. */
const COUNTIES: { name: string; kommuner: [string, number][] }[] = [
  { name: 'Oslo - Oslove', kommuner: [['0301', 452_000]] },
  {
    name: 'Rogaland',
    kommuner: [
      ['1103', 78_500],
      ['1151', 110],
    ],
  },
  { name: 'Møre og Romsdal', kommuner: [['1508', 34_600]] },
  { name: 'Nordland - Nordlánnda', kommuner: [['1804', 28_300]] },
  { name: 'Buskerud', kommuner: [['3301', 54_800]] },
  { name: 'Innlandet', kommuner: [['3403', 17_400]] },
  { name: 'Vestfold', kommuner: [['3905', 29_900]] },
  { name: 'Agder', kommuner: [['4204', 60_100]] },
  {
    name: 'Vestland',
    kommuner: [
      ['4601', 158_700],
      ['4627', 15_800],
    ],
  },
  { name: 'Trøndelag - Trööndelage', kommuner: [['5001', 121_900]] },
  { name: 'Troms - Romsa - Tromssa', kommuner: [['5501', 41_300]] },
  { name: 'Finnmark - Finnmárku - Finmarkku', kommuner: [['5601', 11_300]] },
];

/** A deterministic sequence, so the file is the same every time it is written. */
let seed = 60;
const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

type Figures = { label: string; persons: (number | '*')[]; percent: (number | '*')[] };

function kommuneFigures(
  label: string,
  labourForce: number,
  rate: number,
): { row: Figures; persons: number[] } {
  const persons = MONTHS.map((_, m) =>
    Math.round(labourForce * (rate / 100) * (1.08 - m * 0.02 + next() * 0.04)),
  );
  return {
    persons,
    row: {
      label,
      persons: persons.map((p) => (p < 4 ? '*' : p)),
      percent: persons.map((p) => (p < 4 ? '*' : Math.round((p / labourForce) * 1000) / 10)),
    },
  };
}

function blocks(): { header: string; rows: Figures[] }[] {
  const out: { header: string; rows: Figures[] }[] = [];
  for (const county of COUNTIES) {
    const rows: Figures[] = [];
    const total = MONTHS.map(() => 0);
    let force = 0;
    for (const [nummer, labourForce] of county.kommuner) {
      const { row, persons } = kommuneFigures(
        `${nummer} ${names.get(nummer)}`,
        labourForce,
        1.6 + next() * 1.6,
      );
      persons.forEach((p, m) => (total[m] = (total[m] as number) + p));
      force += labourForce;
      rows.push(row);
    }
    rows.unshift({
      label: `I alt ${county.name}`,
      persons: total,
      percent: total.map((p) => Math.round((p / force) * 1000) / 10),
    });
    out.push({ header: county.name, rows });
  }
  const svalbard = kommuneFigures('2100 Svalbard', 1_900, 0.7);
  out.push({
    header: 'Svalbard og øvrige områder',
    rows: [{ ...svalbard.row, label: 'I alt Svalbard og øvrige områder' }, svalbard.row],
  });
  const unknown = MONTHS.map((_, m) => 13 + m);
  out.push({
    header: 'Ukjent',
    rows: [
      { label: 'I alt Ukjent', persons: unknown, percent: unknown.map(() => '*') },
      { label: 'Ukjent', persons: unknown, percent: unknown.map(() => '*') },
    ],
  });
  return out;
}

function title(sheet: ExcelJS.Worksheet, measure: string): void {
  sheet.addRow([null, TITLE]).commit();
  sheet.addRow([null, measure]).commit();
  sheet.addRow([null, PERIOD]).commit();
  sheet.addRow([]).commit();
}

async function main(): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: OUT,
    useSharedStrings: true,
    useStyles: false,
  });
  const about = workbook.addWorksheet('0. Om tabellene');
  for (const line of [
    TITLE,
    'Kilde: NAV',
    'Helt ledige er personer som er registrert som arbeidssøkere hos NAV og som er uten arbeid.',
    'Tall som representerer færre enn 4 personer er skjult (*), jf. statistikkloven § 7-1.',
    'Fra januar 2024 vises tallene etter gjeldende kommune- og fylkesinndeling.',
  ])
    about.addRow([null, line]).commit();
  await about.commit();

  const data = blocks();
  const counties = workbook.addWorksheet('1. Fylke Antall');
  title(counties, 'Antall');
  counties.addRow([null, null, ...MONTHS]).commit();
  for (const block of data)
    counties.addRow([null, block.header, ...(block.rows[0] as Figures).persons]).commit();
  await counties.commit();

  for (const [name, measure, key, gap] of [
    ['3. Kommune Antall', 'Antall', 'persons', false],
    ['4. Kommune Prosent av arbeidsst', 'Prosent av arbeidsstyrken', 'percent', true],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    title(sheet, measure);
    for (const block of data) {
      sheet.addRow([null, block.header]).commit();
      sheet.addRow([null, null, ...MONTHS]).commit();
      for (const row of block.rows) sheet.addRow([null, row.label, ...row[key]]).commit();
      // The share sheet leaves a blank line between county blocks; the count sheet does not.
      if (gap) sheet.addRow([]).commit();
    }
    await sheet.commit();
  }
  await workbook.commit();
  console.log(`wrote ${OUT}`);
}

await main();
