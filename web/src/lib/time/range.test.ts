import { describe, expect, it } from 'vitest';
import { calculateInterval, describeRange, formatRangeEnd, isRelative, REFRESH_INTERVALS, refreshIntervals, parseDateMath, parseDuration, resolveRange, roundInterval } from './range';

const NOW = new Date(2024, 4, 15, 13, 37, 42, 123).getTime();

describe('parseDateMath', () => {
  it('reads now and relative offsets', () => {
    expect(parseDateMath('now', NOW)).toBe(NOW);
    expect(parseDateMath('now-6h', NOW)).toBe(NOW - 6 * 3_600_000);
    expect(parseDateMath('now-15m', NOW)).toBe(NOW - 15 * 60_000);
    expect(parseDateMath('now+30s', NOW)).toBe(NOW + 30_000);
    expect(parseDateMath('now-7d', NOW)).toBe(new Date(2024, 4, 8, 13, 37, 42, 123).getTime());
  });

  it('rounds to the start of a unit, or its end when rounding up', () => {
    expect(parseDateMath('now/d', NOW)).toBe(new Date(2024, 4, 15).getTime());
    expect(parseDateMath('now/d', NOW, true)).toBe(new Date(2024, 4, 16).getTime() - 1);
    expect(parseDateMath('now-1d/d', NOW)).toBe(new Date(2024, 4, 14).getTime());
    expect(parseDateMath('now/M', NOW)).toBe(new Date(2024, 4, 1).getTime());
    expect(parseDateMath('now-1y/y', NOW)).toBe(new Date(2023, 0, 1).getTime());
  });

  it('reads epoch milliseconds and ISO dates', () => {
    expect(parseDateMath('1700000000000', NOW)).toBe(1_700_000_000_000);
    expect(parseDateMath('2024-01-02T03:04:05Z', NOW)).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it('refuses what is not a time', () => {
    expect(parseDateMath('', NOW)).toBeUndefined();
    expect(parseDateMath('now-6x', NOW)).toBeUndefined();
    expect(parseDateMath('yesterday', NOW)).toBeUndefined();
  });
});

describe('date math in a time zone', () => {
  // 2024-03-10 16:20 UTC: 12:20 in New York (EDT since 02:00 that day), 01:20 on the 11th in Tokyo.
  const at = Date.UTC(2024, 2, 10, 16, 20);

  it('rounds to the zone\'s day, week, month and year', () => {
    expect(parseDateMath('now/d', at, false, 'utc')).toBe(Date.UTC(2024, 2, 10));
    expect(parseDateMath('now/d', at, false, 'Asia/Tokyo')).toBe(Date.UTC(2024, 2, 10, 15));
    expect(parseDateMath('now/d', at, true, 'Asia/Tokyo')).toBe(Date.UTC(2024, 2, 11, 15) - 1);
    // Midnight in New York that day was still EST (UTC-5).
    expect(parseDateMath('now/d', at, false, 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 5));
    expect(parseDateMath('now/w', at, false, 'utc')).toBe(Date.UTC(2024, 2, 10));
    expect(parseDateMath('now/M', at, false, 'Asia/Kolkata')).toBe(Date.UTC(2024, 1, 29, 18, 30));
    expect(parseDateMath('now/y', at, false, 'utc')).toBe(Date.UTC(2024, 0, 1));
    expect(parseDateMath('now/h', at, false, 'Asia/Kolkata')).toBe(Date.UTC(2024, 2, 10, 15, 30));
  });

  it('steps calendar days across a daylight saving change, hours as fixed lengths', () => {
    // Yesterday at 12:20 in New York was EST: 17:20 UTC.
    expect(parseDateMath('now-1d', at, false, 'America/New_York')).toBe(Date.UTC(2024, 2, 9, 17, 20));
    expect(parseDateMath('now-24h', at, false, 'America/New_York')).toBe(at - 24 * 3_600_000);
  });

  it('keeps the end of the month for month steps', () => {
    const endOfJanuary = Date.UTC(2024, 0, 31, 10);
    expect(parseDateMath('now+1M', endOfJanuary, false, 'utc')).toBe(Date.UTC(2024, 1, 29, 10));
    expect(parseDateMath('now-1y', Date.UTC(2024, 1, 29), false, 'utc')).toBe(Date.UTC(2023, 1, 28));
  });

  it('reads typed dates in the zone', () => {
    expect(parseDateMath('2024-03-05 10:00:00', at, false, 'utc')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(parseDateMath('2024-03-05 10:00:00', at, false, 'Asia/Tokyo')).toBe(Date.UTC(2024, 2, 5, 1));
  });

  it('resolves a range in the zone and says so', () => {
    const range = resolveRange({ from: 'now/d', to: 'now/d' }, at, 'utc');
    expect(range).toEqual({ raw: { from: 'now/d', to: 'now/d' }, from: Date.UTC(2024, 2, 10), to: Date.UTC(2024, 2, 11) - 1, timeZone: 'utc' });
  });
});

describe('resolveRange', () => {
  it('resolves both ends', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({
      raw: { from: 'now-1h', to: 'now' },
      from: NOW - 3_600_000,
      to: NOW,
      timeZone: 'browser',
    });
  });

  it('refuses backwards and unparseable ranges', () => {
    expect(resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toBeUndefined();
    expect(resolveRange({ from: 'soon', to: 'now' }, NOW)).toBeUndefined();
  });

  it('knows relative ranges', () => {
    expect(isRelative({ from: 'now-1h', to: 'now' })).toBe(true);
    expect(isRelative({ from: '1', to: '2' })).toBe(false);
  });
});

describe('describeRange', () => {
  it('names the quick ranges', () => {
    expect(describeRange({ from: 'now-6h', to: 'now' })).toBe('Last 6 hours');
    expect(describeRange({ from: 'now-1h', to: 'now' })).toBe('Last 1 hour');
    expect(describeRange({ from: 'now-7d', to: 'now' })).toBe('Last 7 days');
    expect(describeRange({ from: 'now-6M', to: 'now' })).toBe('Last 6 months');
    expect(describeRange({ from: 'now-1d/d', to: 'now-1d/d' })).toBe('Yesterday');
    expect(describeRange({ from: 'now/w', to: 'now' })).toBe('This week so far');
    expect(describeRange({ from: 'now-3d/d', to: 'now-3d/d' })).toBe('now-3d/d to now-3d/d');
  });

  it('writes absolute ends as dates in the zone', () => {
    const from = Date.UTC(2024, 2, 5, 9);
    const to = Date.UTC(2024, 2, 5, 15, 30);
    expect(describeRange({ from: String(from), to: String(to) }, 'utc')).toBe('2024-03-05 09:00:00 to 2024-03-05 15:30:00');
    expect(describeRange({ from: String(from), to: String(to) }, 'Asia/Tokyo')).toBe('2024-03-05 18:00:00 to 2024-03-06 00:30:00');
  });

  it('writes ISO dates saved in a dashboard the same way', () => {
    const range = { from: '2026-01-05T00:00:00.000Z', to: '2026-01-05T06:00:00Z' };
    expect(describeRange(range, 'utc')).toBe('2026-01-05 00:00:00 to 2026-01-05 06:00:00');
    expect(formatRangeEnd('2026-01-05T00:00:00.000Z', 'Asia/Kolkata')).toBe('2026-01-05 05:30:00');
    expect(formatRangeEnd('now-6h', 'utc')).toBe('now-6h');
    expect(formatRangeEnd('2026-13-45T00:00:00Z', 'utc')).toBe('2026-13-45T00:00:00Z');
  });
});

describe('intervals', () => {
  it('parses durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('abc')).toBeUndefined();
  });

  it('rounds intervals like Grafana', () => {
    expect(roundInterval(12)).toBe(10);
    expect(roundInterval(40_000)).toBe(30_000);
    expect(roundInterval(21_600_000 / 1000)).toBe(20_000);
  });

  it('calculates the interval from range and points, with a floor', () => {
    const range = { from: 0, to: 6 * 3_600_000 };
    expect(calculateInterval(range, 1000)).toBe(20_000);
    expect(calculateInterval(range, 1000, '1m')).toBe(60_000);
  });
});

describe('refreshIntervals', () => {
  it('offers the dashboard\'s own durations, else Grafana\'s 5s to 1d', () => {
    expect(refreshIntervals(undefined)).toEqual(REFRESH_INTERVALS);
    expect(REFRESH_INTERVALS[0]).toBe('5s');
    expect(REFRESH_INTERVALS.at(-1)).toBe('1d');
    expect(refreshIntervals({ refresh_intervals: ['1m', 'soon', 5, '2h'] })).toEqual(['1m', '2h']);
    expect(refreshIntervals({ refresh_intervals: ['never'] })).toEqual(REFRESH_INTERVALS);
  });
});
