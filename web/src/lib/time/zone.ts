// Time zones as Grafana names them: `browser` (the viewer's own zone), `utc`, or an IANA zone
// such as `Europe/Berlin`. A dashboard's `timezone` field and the `timezone` URL parameter hold
// one of these ('' in a dashboard means the default, which is the browser's zone here).
// The wall clock of an instant in a zone comes from `Intl`, so no zone database is shipped.

export const BROWSER_ZONE = 'browser';
export const UTC_ZONE = 'utc';

/** The calendar fields of an instant as a clock in some zone shows them. */
export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const validity = new Map<string, boolean>();

/** Whether `Intl` knows the IANA zone. */
export function isValidTimeZone(zone: string): boolean {
  let known = validity.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    validity.set(zone, known);
  }
  return known;
}

/**
 * The zone to draw in: `browser`, `utc` or a valid IANA zone. Empty, unknown and `default`
 * mean the browser's zone; `UTC`/`Etc/UTC` are `utc`.
 */
export function normalizeTimeZone(zone: string | null | undefined): string {
  const text = (zone ?? '').trim();
  if (!text || text === BROWSER_ZONE || text === 'default') return BROWSER_ZONE;
  if (/^(utc|etc\/utc|gmt|etc\/gmt|zulu)$/i.test(text)) return UTC_ZONE;
  return isValidTimeZone(text) ? text : BROWSER_ZONE;
}

let browserZoneName: string | undefined;

/** The IANA name of the browser's zone, such as `Europe/Paris` (read once: building a
 * formatter costs about a millisecond). */
export function browserTimeZone(): string {
  browserZoneName ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return browserZoneName;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(zone, formatter);
  }
  return formatter;
}

function millisecondOf(ms: number): number {
  return ((ms % 1000) + 1000) % 1000;
}

/** The wall clock of instant `ms` in `zone` (normalized). */
export function wallClock(ms: number, zone: string): WallClock {
  if (zone === BROWSER_ZONE) {
    const date = new Date(ms);
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
      millisecond: date.getMilliseconds(),
    };
  }
  if (zone === UTC_ZONE) {
    const date = new Date(ms);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      millisecond: date.getUTCMilliseconds(),
    };
  }
  const clock: WallClock = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: millisecondOf(ms) };
  for (const part of partFormatter(zone).formatToParts(new Date(ms))) {
    switch (part.type) {
      case 'year':
        clock.year = Number(part.value);
        break;
      case 'month':
        clock.month = Number(part.value);
        break;
      case 'day':
        clock.day = Number(part.value);
        break;
      case 'hour':
        // Some engines write midnight as 24 even with h23.
        clock.hour = Number(part.value) % 24;
        break;
      case 'minute':
        clock.minute = Number(part.value);
        break;
      case 'second':
        clock.second = Number(part.value);
        break;
    }
  }
  return clock;
}

/** Day of the week of a wall clock, 0 for Sunday. */
export function weekday(clock: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day)).getUTCDay();
}

function clockAsUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, clock.millisecond);
}

/** How far `zone` is ahead of UTC at instant `ms`, in minutes (UTC+02:00 is 120). */
export function timeZoneOffset(ms: number, zone: string): number {
  if (zone === UTC_ZONE) return 0;
  if (zone === BROWSER_ZONE) return -new Date(ms).getTimezoneOffset();
  return Math.round((clockAsUtc(wallClock(ms, zone)) - ms) / 60_000);
}

/**
 * The instant a wall clock in `zone` shows. Fields may overflow (day 32, month 13) and are
 * carried as `Date` does. A time skipped by a daylight saving change resolves to the later
 * offset; a repeated one to the earlier instant.
 */
export function fromWallClock(clock: WallClock, zone: string): number {
  if (zone === BROWSER_ZONE) {
    return new Date(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, clock.millisecond).getTime();
  }
  const asUtc = clockAsUtc(clock);
  if (zone === UTC_ZONE) return asUtc;
  const firstOffset = timeZoneOffset(asUtc, zone);
  let instant = asUtc - firstOffset * 60_000;
  const secondOffset = timeZoneOffset(instant, zone);
  if (secondOffset !== firstOffset) {
    const retry = asUtc - secondOffset * 60_000;
    // Only take the second guess when it really shows the asked-for clock.
    if (timeZoneOffset(retry, zone) === secondOffset) instant = retry;
  }
  return instant;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD HH:mm:ss` in `zone`, the format of Grafana's time picker. */
export function formatDateTime(ms: number, zone: string = BROWSER_ZONE): string {
  const clock = wallClock(ms, zone);
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
}

/**
 * Reads a date the user typed: `YYYY-MM-DD`, optionally with `HH:mm`, `:ss` and `.SSS`
 * (a space or `T` between), as a wall clock in `zone`; an ISO date with `Z` or an offset
 * names its own instant. Anything else is `undefined`.
 */
export function parseDateTime(text: string, zone: string = BROWSER_ZONE): number | undefined {
  const value = text.trim();
  const local = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(value);
  if (local) {
    const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = local;
    const clock: WallClock = {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
      millisecond: Number(fraction.padEnd(3, '0')),
    };
    if (clock.month < 1 || clock.month > 12 || clock.day < 1 || clock.day > 31 || clock.hour > 23 || clock.minute > 59 || clock.second > 59) return undefined;
    return fromWallClock(clock, zone);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** `UTC+05:30`, `UTC-04:00`, `UTC+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const size = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(size / 60))}:${pad(size % 60)}`;
}

const abbreviationFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at `ms` as the browser writes it (`UTC`, `CET`, `EDT`, `GMT+2`). */
export function zoneAbbreviation(zone: string, ms: number = Date.now()): string {
  if (zone === UTC_ZONE) return 'UTC';
  const key = zone === BROWSER_ZONE ? '' : zone;
  let formatter = abbreviationFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: key || undefined, timeZoneName: 'short' });
    abbreviationFormatters.set(key, formatter);
  }
  return formatter.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? formatOffset(timeZoneOffset(ms, zone));
}

/** What the time picker calls a zone: "Browser Time", "Coordinated Universal Time", the IANA name. */
export function zoneTitle(zone: string): string {
  if (zone === BROWSER_ZONE) return 'Browser Time';
  if (zone === UTC_ZONE) return 'Coordinated Universal Time';
  return zone.replace(/_/g, ' ');
}

/** Where the zone is, as Grafana shows it under the name: the IANA region, or the browser's zone. */
export function zoneRegion(zone: string): string {
  if (zone === BROWSER_ZONE) return browserTimeZone().replace(/_/g, ' ');
  if (zone === UTC_ZONE) return 'UTC, GMT';
  const slash = zone.indexOf('/');
  return slash > 0 ? zone.slice(0, slash) : zone;
}

const FALLBACK_ZONES = [
  'Africa/Cairo', 'Africa/Johannesburg', 'Africa/Lagos', 'America/Anchorage', 'America/Chicago', 'America/Denver',
  'America/Los_Angeles', 'America/Mexico_City', 'America/New_York', 'America/Sao_Paulo', 'America/Toronto',
  'Asia/Dubai', 'Asia/Hong_Kong', 'Asia/Kolkata', 'Asia/Shanghai', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney',
  'Europe/Berlin', 'Europe/London', 'Europe/Madrid', 'Europe/Moscow', 'Europe/Paris', 'Pacific/Auckland',
];

/** Every IANA zone the browser knows, sorted; a short list of major zones where `Intl` cannot tell. */
export function listTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    const zones = intl.supportedValuesOf?.('timeZone');
    if (zones && zones.length > 0) return [...zones].filter((zone) => zone !== 'UTC').sort();
  } catch {
    // An engine without the list.
  }
  return FALLBACK_ZONES;
}

/** Zones matching a typed filter: by name, region or current offset (`+05:30`, `utc-4`). */
export function filterTimeZones(zones: readonly string[], filter: string, now: number = Date.now()): string[] {
  const needle = filter.trim().toLowerCase().replace(/\s+/g, '_');
  if (!needle) return [...zones];
  return zones.filter((zone) => {
    if (zone.toLowerCase().includes(needle)) return true;
    return /[+-]\d/.test(needle) && formatOffset(timeZoneOffset(now, zone)).toLowerCase().includes(needle);
  });
}
