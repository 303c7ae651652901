// Time axis labels: the shortest format that tells ticks `step` ms apart, as Grafana's time
// axis does (HH:mm, MM/DD HH:mm, MM/DD, YYYY-MM), in the dashboard's time zone (`browser`,
// `utc` or an IANA zone; see zone.ts). A time series panel passes `TimeRange.timeZone`.
import { BROWSER_ZONE, formatDateTime, wallClock, type WallClock } from './zone';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

const hms = (clock: WallClock) => `${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
const hm = (clock: WallClock) => `${pad(clock.hour)}:${pad(clock.minute)}`;
const md = (clock: WallClock) => `${pad(clock.month)}/${pad(clock.day)}`;

export function timeTickFormat(step: number, span: number, zone: string = BROWSER_ZONE): (ms: number) => string {
  const at = (format: (clock: WallClock) => string) => (ms: number) => format(wallClock(ms, zone));
  if (step < MINUTE) return at(hms);
  if (step < DAY && span <= 2 * DAY) {
    return at((clock) => (step >= MINUTE * 30 && clock.hour === 0 && clock.minute === 0 ? md(clock) : hm(clock)));
  }
  if (step < DAY) return at((clock) => `${md(clock)} ${hm(clock)}`);
  if (step < 28 * DAY) return at(md);
  return at((clock) => `${clock.year}-${pad(clock.month)}`);
}

/** The tooltip's full time. */
export function formatTooltipTime(ms: number, zone: string = BROWSER_ZONE): string {
  return formatDateTime(ms, zone);
}

/**
 * For uPlot's `tzDate` option: a `Date` whose local fields show `zone`'s wall clock, so uPlot
 * places ticks on the zone's whole hours and days. `undefined` for the browser's zone (uPlot's
 * default already is).
 */
export function zonedDate(zone: string = BROWSER_ZONE): ((ms: number) => Date) | undefined {
  if (zone === BROWSER_ZONE) return undefined;
  return (ms) => {
    const clock = wallClock(ms, zone);
    return new Date(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, clock.millisecond);
  };
}
