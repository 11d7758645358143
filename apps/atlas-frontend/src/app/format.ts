const numberFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 });

/** Norwegian number formatting (717 710, 82,8); a dash for a missing value. */
export function formatNumber(value: number | null): string {
  return value === null ? '–' : numberFormat.format(value);
}
