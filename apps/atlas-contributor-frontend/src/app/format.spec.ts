import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatSeconds, formatTimestamp, secondsBetween } from './format';

const now = new Date('2026-11-25T12:00:00Z');
const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('format', () => {
  it('gives an age in the largest whole unit', () => {
    expect(formatAge(before(0), now)).toBe('0 s ago');
    expect(formatAge(before(59), now)).toBe('59 s ago');
    expect(formatAge(before(60), now)).toBe('1 min ago');
    expect(formatAge(before(3599), now)).toBe('59 min ago');
    expect(formatAge(before(3 * 3600 + 59), now)).toBe('3 h ago');
    expect(formatAge(before(47 * 3600), now)).toBe('47 h ago');
    expect(formatAge(before(9 * 86400), now)).toBe('9 d ago');
    expect(formatAge(new Date(now.getTime() + 5000), now)).toBe('in the future (check the clocks)');
    expect(formatAge(null, now)).toBe('–');
  });

  it('formats counts, durations and timestamps', () => {
    expect(formatCount(1234567)).toBe('1\u00a0234\u00a0567');
    expect(formatCount(null)).toBe('–');
    expect(formatSeconds(0.0235)).toBe('0.02 s');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(125.4)).toBe('2 min 5 s');
    expect(formatTimestamp(new Date('2026-11-25T07:54:15.364Z'))).toBe('2026-11-25 07:54:15 UTC');
    expect(secondsBetween(before(90), now)).toBe(90);
    expect(secondsBetween(now, null)).toBeNull();
  });
});
