/** The options of the n-th generated source: the three formats in turn, staggered schedules. */
export function benchSource(n: number): Record<string, unknown> {
  const id = `bench-source-${String(n).padStart(2, '0')}`;
  const format = (['json-stat', 'csv', 'paged-json'] as const)[n % 3];
  const common = {
    id,
    format,
    schedule: `${(n * 7) % 60} ${4 + (n % 3)} * * ${n % 7}`,
    title: `Bench source ${n}: a ${format} indicator per kommune`,
    unit: 'value',
  };
  if (format === 'json-stat')
    return {
      ...common,
      path: `/api/pxwebapi/v2/tables/9${String(n).padStart(4, '0')}/data`,
      contentsCode: 'Verdi',
    };
  if (format === 'csv')
    return { ...common, baseUrl: `https://bench-${n}.test.example`, path: '/eksport/verdier.csv' };
  return { ...common, baseUrl: `https://bench-${n}.test.example`, path: '/api/v1/verdier' };
}
