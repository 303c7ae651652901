import { describe, expect, it } from 'vitest';
import {
  filterTimeZones,
  formatDateTime,
  formatOffset,
  fromWallClock,
  listTimeZones,
  normalizeTimeZone,
  parseDateTime,
  timeZoneOffset,
  wallClock,
  zoneAbbreviation,
} from './zone';

// 2024-03-05 14:07:03.250 UTC
const AT = Date.UTC(2024, 2, 5, 14, 7, 3, 250);

describe('normalizeTimeZone', () => {
  it('maps the default and unknown zones to the browser, UTC spellings to utc', () => {
    expect(normalizeTimeZone('')).toBe('browser');
    expect(normalizeTimeZone(undefined)).toBe('browser');
    expect(normalizeTimeZone('browser')).toBe('browser');
    expect(normalizeTimeZone('Mars/Olympus_Mons')).toBe('browser');
    expect(normalizeTimeZone('utc')).toBe('utc');
    expect(normalizeTimeZone('UTC')).toBe('utc');
    expect(normalizeTimeZone('Etc/UTC')).toBe('utc');
    expect(normalizeTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });
});

describe('wall clocks', () => {
  it('reads an instant in UTC and IANA zones', () => {
    expect(formatDateTime(AT, 'utc')).toBe('2024-03-05 14:07:03');
    expect(formatDateTime(AT, 'America/New_York')).toBe('2024-03-05 09:07:03');
    expect(formatDateTime(AT, 'Asia/Kolkata')).toBe('2024-03-05 19:37:03');
    expect(formatDateTime(AT, 'Pacific/Auckland')).toBe('2024-03-06 03:07:03');
    expect(wallClock(AT, 'Asia/Kolkata').millisecond).toBe(250);
  });

  it('knows the offset, also across daylight saving time', () => {
    expect(timeZoneOffset(AT, 'utc')).toBe(0);
    expect(timeZoneOffset(AT, 'Asia/Kolkata')).toBe(330);
    expect(timeZoneOffset(AT, 'America/New_York')).toBe(-300);
    expect(timeZoneOffset(Date.UTC(2024, 6, 1), 'America/New_York')).toBe(-240);
    expect(formatOffset(330)).toBe('UTC+05:30');
    expect(formatOffset(-240)).toBe('UTC-04:00');
    expect(formatOffset(0)).toBe('UTC+00:00');
  });

  it('turns a wall clock back into the instant', () => {
    const clock = { year: 2024, month: 3, day: 5, hour: 9, minute: 7, second: 3, millisecond: 250 };
    expect(fromWallClock(clock, 'America/New_York')).toBe(AT);
    expect(fromWallClock({ ...clock, hour: 14 }, 'utc')).toBe(AT);
    // New York springs forward at 02:00 on 2024-03-10: 01:30 is EST, 03:30 EDT.
    expect(fromWallClock({ year: 2024, month: 3, day: 10, hour: 1, minute: 30, second: 0, millisecond: 0 }, 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 6, 30));
    expect(fromWallClock({ year: 2024, month: 3, day: 10, hour: 3, minute: 30, second: 0, millisecond: 0 }, 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // Fields overflow like Date's.
    expect(fromWallClock({ year: 2024, month: 12, day: 32, hour: 0, minute: 0, second: 0, millisecond: 0 }, 'utc')).toBe(Date.UTC(2025, 0, 1));
  });

  it('parses typed dates in the zone, and ISO dates with their own offset', () => {
    expect(parseDateTime('2024-03-05 09:07:03', 'America/New_York')).toBe(Date.UTC(2024, 2, 5, 14, 7, 3));
    expect(parseDateTime('2024-03-05T09:07', 'utc')).toBe(Date.UTC(2024, 2, 5, 9, 7));
    expect(parseDateTime('2024-03-05', 'Asia/Kolkata')).toBe(Date.UTC(2024, 2, 4, 18, 30));
    expect(parseDateTime('2024-03-05 09:07:03.5', 'utc')).toBe(Date.UTC(2024, 2, 5, 9, 7, 3, 500));
    expect(parseDateTime('2024-03-05T09:07:03Z', 'Asia/Kolkata')).toBe(Date.UTC(2024, 2, 5, 9, 7, 3));
    expect(parseDateTime('2024-03-05T09:07:03+02:00', 'utc')).toBe(Date.UTC(2024, 2, 5, 7, 7, 3));
    expect(parseDateTime('2024-13-05', 'utc')).toBeUndefined();
    expect(parseDateTime('yesterday', 'utc')).toBeUndefined();
  });

  it('names zones', () => {
    expect(zoneAbbreviation('utc', AT)).toBe('UTC');
    expect(zoneAbbreviation('America/New_York', AT)).toBe('EST');
    expect(zoneAbbreviation('America/New_York', Date.UTC(2024, 6, 1))).toBe('EDT');
  });
});

describe('the zone list', () => {
  it('lists IANA zones and filters them by name or offset', () => {
    const zones = listTimeZones();
    expect(zones).toContain('Europe/Berlin');
    expect(zones).toContain('America/New_York');
    expect(filterTimeZones(zones, 'new york')).toEqual(['America/New_York']);
    expect(filterTimeZones(zones, 'toky')).toEqual(['Asia/Tokyo']);
    expect(filterTimeZones(['Asia/Kolkata', 'Europe/Paris'], '+05:30', AT)).toEqual(['Asia/Kolkata']);
    expect(filterTimeZones(['A/B'], '')).toEqual(['A/B']);
  });
});
