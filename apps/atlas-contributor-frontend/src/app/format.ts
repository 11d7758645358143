const countFormat = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0 });

/** A row count with Norwegian digit grouping (12 345); a dash when unknown. */
export function formatCount(value: number | null): string {
  return value === null ? '–' : countFormat.format(value);
}

/** A moment as UTC, to the second: 2026-11-25 07:54:15 UTC (the same for every reader). */
export function formatTimestamp(date: Date | null): string {
  return date === null ? '–' : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** How long ago `then` was, in the largest whole unit: "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(then: Date | null, now: Date): string {
  if (then === null) return '–';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 0) return 'in the future (check the clocks)';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A duration in seconds: "0.02 s", "12.3 s", "2 min 5 s". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** Seconds between two moments, or null while the second is unknown. */
export function secondsBetween(start: Date, end: Date | null): number | null {
  return end === null ? null : (end.getTime() - start.getTime()) / 1000;
}
