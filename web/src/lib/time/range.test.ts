import { describe, expect, it } from 'vitest';
import { calculateInterval, describeRange, isRelative, parseDateMath, parseDuration, resolveRange, roundInterval } from './range';

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

describe('resolveRange', () => {
  it('resolves both ends', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({
      raw: { from: 'now-1h', to: 'now' },
      from: NOW - 3_600_000,
      to: NOW,
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
    expect(describeRange({ from: 'now-1d/d', to: 'now-1d/d' })).toBe('now-1d/d to now-1d/d');
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
