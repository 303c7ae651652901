import { describe, expect, it } from 'vitest';
import { formatTooltipTime, timeTickFormat, zonedDate } from './axis';

const at = new Date(2024, 2, 5, 9, 7, 3).getTime();
const HOUR = 3_600_000;

describe('timeTickFormat', () => {
  it('shows seconds for sub-minute steps', () => {
    expect(timeTickFormat(15_000, HOUR)(at)).toBe('09:07:03');
  });
  it('shows hours and minutes within a day', () => {
    expect(timeTickFormat(30 * 60_000, 6 * HOUR)(at)).toBe('09:07');
  });
  it('names the day at midnight', () => {
    expect(timeTickFormat(4 * HOUR, 24 * HOUR)(new Date(2024, 2, 5).getTime())).toBe('03/05');
  });
  it('adds the date over several days', () => {
    expect(timeTickFormat(6 * HOUR, 7 * 24 * HOUR)(at)).toBe('03/05 09:07');
    expect(timeTickFormat(24 * HOUR, 30 * 24 * HOUR)(at)).toBe('03/05');
    expect(timeTickFormat(30 * 24 * HOUR, 365 * 24 * HOUR)(at)).toBe('2024-03');
  });
});

describe('time zones', () => {
  // 2024-03-05 23:30 UTC is 18:30 in New York and 05:00 on the 6th in Kolkata.
  const instant = Date.UTC(2024, 2, 5, 23, 30);

  it('labels ticks in the zone', () => {
    expect(timeTickFormat(30 * 60_000, 6 * HOUR, 'utc')(instant)).toBe('23:30');
    expect(timeTickFormat(30 * 60_000, 6 * HOUR, 'America/New_York')(instant)).toBe('18:30');
    expect(timeTickFormat(6 * HOUR, 7 * 24 * HOUR, 'Asia/Kolkata')(instant)).toBe('03/06 05:00');
    expect(timeTickFormat(30 * 60_000, 24 * HOUR, 'utc')(Date.UTC(2024, 2, 6))).toBe('03/06');
    expect(timeTickFormat(30 * 24 * HOUR, 365 * 24 * HOUR, 'Asia/Kolkata')(Date.UTC(2024, 2, 31, 20))).toBe('2024-04');
  });

  it('writes the tooltip time in the zone', () => {
    expect(formatTooltipTime(instant, 'utc')).toBe('2024-03-05 23:30:00');
    expect(formatTooltipTime(instant, 'Asia/Kolkata')).toBe('2024-03-06 05:00:00');
  });

  it('gives uPlot dates whose local fields are the zone\'s clock', () => {
    expect(zonedDate('browser')).toBeUndefined();
    const shifted = zonedDate('Asia/Kolkata')!(instant);
    expect([shifted.getFullYear(), shifted.getMonth(), shifted.getDate(), shifted.getHours(), shifted.getMinutes()]).toEqual([2024, 2, 6, 5, 0]);
  });
});
