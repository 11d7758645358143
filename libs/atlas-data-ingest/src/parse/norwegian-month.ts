/** The months as Norwegian reports write them (NAV's HL060 heads its columns with them). */
const MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
];

/** 1–12 for a Norwegian month name in any case, undefined for anything else. */
export function norwegianMonth(name: string): number | undefined {
  const at = MONTHS.indexOf(name.trim().toLowerCase());
  return at < 0 ? undefined : at + 1;
}
