// Time ranges as Grafana writes them: `now`, `now-6h`, `now-1d/d`, `now/w`, epoch
// milliseconds or ISO dates, resolved against a given "now". The URL holds the raw text
// (`?from=now-6h&to=now`), so a link keeps meaning "the last six hours". Calendar math
// (`now/d`, `now-1M`) follows the dashboard's time zone.
import { BROWSER_ZONE, formatDateTime, fromWallClock, parseDateTime, wallClock, weekday } from './zone';

export interface RawTimeRange {
  from: string;
  to: string;
}

export interface TimeRange {
  raw: RawTimeRange;
  from: number;
  to: number;
  /** The zone the range is shown in and `now/d` rounds in (`browser`, `utc` or IANA);
   * absent means the browser's. Axes and tooltips format times in it. */
  timeZone?: string;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const UNIT_WORDS: Record<string, [string, string]> = {
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
  M: ['month', 'months'],
  y: ['year', 'years'],
};

export const DEFAULT_RANGE: RawTimeRange = { from: 'now-6h', to: 'now' };

/** The quick ranges of the time picker. */
export const QUICK_RANGES: RawTimeRange[] = [
  '5m', '15m', '30m', '1h', '3h', '6h', '12h', '24h', '2d', '7d', '30d', '90d', '6M', '1y',
].map((span) => ({ from: `now-${span}`, to: 'now' }));

/** Calendar ranges with names, as Grafana's picker lists them. */
const NAMED_RANGES: [from: string, to: string, name: string][] = [
  ['now/d', 'now/d', 'Today'],
  ['now/d', 'now', 'Today so far'],
  ['now-1d/d', 'now-1d/d', 'Yesterday'],
  ['now-2d/d', 'now-2d/d', 'Day before yesterday'],
  ['now/w', 'now/w', 'This week'],
  ['now/w', 'now', 'This week so far'],
  ['now-1w/w', 'now-1w/w', 'Previous week'],
  ['now/M', 'now/M', 'This month'],
  ['now/M', 'now', 'This month so far'],
  ['now-1M/M', 'now-1M/M', 'Previous month'],
  ['now/y', 'now/y', 'This year'],
  ['now/y', 'now', 'This year so far'],
  ['now-1y/y', 'now-1y/y', 'Previous year'],
];

/** The calendar quick ranges (today, this week, ...). */
export const CALENDAR_RANGES: RawTimeRange[] = NAMED_RANGES.map(([from, to]) => ({ from, to }));

const CALENDAR_UNITS = new Set(['d', 'w', 'M', 'y']);

/** The start of `unit` around `ms` on the zone's calendar (weeks start on Sunday). */
function startOf(ms: number, unit: string, zone: string): number {
  const clock = wallClock(ms, zone);
  switch (unit) {
    case 'y':
      return fromWallClock({ ...clock, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
    case 'M':
      return fromWallClock({ ...clock, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
    case 'w':
      return fromWallClock({ ...clock, day: clock.day - weekday(clock), hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
    case 'd':
      return fromWallClock({ ...clock, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
    case 'h':
      return fromWallClock({ ...clock, minute: 0, second: 0, millisecond: 0 }, zone);
    case 'm':
      return ms - (clock.second * 1000 + clock.millisecond);
    case 's':
      return ms - clock.millisecond;
    default:
      return ms;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds `amount` units. Days, weeks, months and years are calendar steps in the zone, so
 * "now-1d" across a daylight saving change is still "yesterday, same time", and a month
 * from January 31st is the last day of February; smaller units are fixed lengths.
 */
function add(ms: number, amount: number, unit: string, zone: string): number {
  if (!CALENDAR_UNITS.has(unit)) return ms + amount * (UNIT_MS[unit] ?? 0);
  const clock = wallClock(ms, zone);
  if (unit === 'd' || unit === 'w') return fromWallClock({ ...clock, day: clock.day + amount * (unit === 'w' ? 7 : 1) }, zone);
  const months = clock.year * 12 + (clock.month - 1) + amount * (unit === 'y' ? 12 : 1);
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  return fromWallClock({ ...clock, year, month, day: Math.min(clock.day, daysInMonth(year, month)) }, zone);
}

/**
 * Resolves one end of a range to epoch milliseconds, or `undefined` when the text is not a
 * time. `roundUp` rounds `/unit` to the end of the unit (for `to`), as Grafana does.
 */
export function parseDateMath(text: string, now: number, roundUp = false, zone: string = BROWSER_ZONE): number | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  if (!value.startsWith('now')) {
    const typed = parseDateTime(value, zone);
    if (typed !== undefined) return typed;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  let time = now;
  let rest = value.slice(3);
  while (rest.length > 0) {
    const step = /^([+-])(\d*)(ms|[smhdwMy])|^\/([smhdwMy])/.exec(rest);
    if (!step) return undefined;
    if (step[4]) {
      const unit = step[4];
      time = startOf(time, unit, zone);
      if (roundUp) time = add(time, 1, unit, zone) - 1;
    } else {
      const amount = step[2] === '' ? 1 : Number(step[2]);
      time = add(time, step[1] === '-' ? -amount : amount, step[3] ?? 's', zone);
    }
    rest = rest.slice(step[0].length);
  }
  return time;
}

/** Resolves a raw range in `zone`; a range that does not parse, or runs backwards, is `undefined`. */
export function resolveRange(raw: RawTimeRange, now: number = Date.now(), zone: string = BROWSER_ZONE): TimeRange | undefined {
  const from = parseDateMath(raw.from, now, false, zone);
  const to = parseDateMath(raw.to, now, true, zone);
  if (from === undefined || to === undefined || from >= to) return undefined;
  return { raw, from, to, timeZone: zone };
}

/** `resolveRange` against the clock, for components (the clock read stays out of render code). */
export function resolveRangeInZone(raw: RawTimeRange, zone: string, now: number = Date.now()): TimeRange | undefined {
  return resolveRange(raw, now, zone);
}

/** Whether the range moves with the clock (its end is relative to now). */
export function isRelative(raw: RawTimeRange): boolean {
  return raw.to.trim().startsWith('now');
}

export { formatDateTime };

/** "Last 6 hours" for `now-6h` → `now`, else both ends as written or as dates in `zone`. */
export function describeRange(raw: RawTimeRange, zone: string = BROWSER_ZONE): string {
  const last = /^now-(\d+)([smhdwMy])$/.exec(raw.from.trim());
  if (last && raw.to.trim() === 'now') {
    const amount = Number(last[1]);
    const words = UNIT_WORDS[last[2] ?? ''];
    if (words) return `Last ${amount} ${amount === 1 ? words[0] : words[1]}`;
  }
  const named = NAMED_RANGES.find(([from, to]) => from === raw.from.trim() && to === raw.to.trim());
  if (named) return named[2];
  return `${formatRangeEnd(raw.from, zone)} to ${formatRangeEnd(raw.to, zone)}`;
}

/** An absolute end of a range as Grafana shows it (`2026-01-05 00:00:00` in `zone`), whether
 * saved as epoch milliseconds or as an ISO date; relative ends (`now-6h`) stay as written. */
export function formatRangeEnd(text: string, zone: string = BROWSER_ZONE): string {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return formatDateTime(Number(trimmed), zone);
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const millis = Date.parse(trimmed);
    if (!Number.isNaN(millis)) return formatDateTime(millis, zone);
  }
  return text;
}

/** Parses a Grafana duration such as `30s`, `5m`, `1h` to milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|[smhdwy])$/.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] === 'y' ? 365 * UNIT_MS.d! : UNIT_MS[match[2] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

// Grafana's interval rounding (rangeutil.roundInterval): a query interval snaps to a "nice"
// value just above the raw (range / max data points) interval.
const INTERVAL_STEPS: [limit: number, interval: number][] = [
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [32_400_000, 21_600_000],
  [86_400_000, 43_200_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
  [3_628_800_000, 2_592_000_000],
];

export function roundInterval(ms: number): number {
  for (const [limit, interval] of INTERVAL_STEPS) {
    if (ms < limit) return interval;
  }
  return 31_536_000_000;
}

/** The query interval for a range drawn with at most `maxDataPoints` points, never below
 * `minInterval` (a panel's `interval`, such as `1m`). */
export function calculateInterval(range: { from: number; to: number }, maxDataPoints: number, minInterval?: string): number {
  const raw = (range.to - range.from) / Math.max(1, maxDataPoints);
  const floor = (minInterval && parseDuration(minInterval)) || 1;
  return Math.max(roundInterval(raw), floor);
}

/** Grafana's auto-refresh choices when the dashboard names none. */
export const REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'];

/** The dashboard's own choices (`timepicker.refresh_intervals`, those that are durations),
 * else Grafana's. */
export function refreshIntervals(timepicker: unknown): string[] {
  const listed = (timepicker as { refresh_intervals?: unknown } | undefined)?.refresh_intervals;
  if (!Array.isArray(listed)) return REFRESH_INTERVALS;
  const valid = listed.filter((entry): entry is string => typeof entry === 'string' && parseDuration(entry) !== undefined);
  return valid.length > 0 ? valid : REFRESH_INTERVALS;
}
