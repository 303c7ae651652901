// Time ranges as Grafana writes them: `now`, `now-6h`, `now-1d/d`, `now/w`, epoch
// milliseconds or ISO dates, resolved against a given "now". The URL holds the raw text
// (`?from=now-6h&to=now`), so a link keeps meaning "the last six hours".

export interface RawTimeRange {
  from: string;
  to: string;
}

export interface TimeRange {
  raw: RawTimeRange;
  from: number;
  to: number;
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
  '5m', '15m', '30m', '1h', '3h', '6h', '12h', '24h', '2d', '7d', '30d', '90d',
].map((span) => ({ from: `now-${span}`, to: 'now' }));

function startOf(date: Date, unit: string): void {
  switch (unit) {
    case 'y':
      date.setMonth(0, 1);
      date.setHours(0, 0, 0, 0);
      return;
    case 'M':
      date.setDate(1);
      date.setHours(0, 0, 0, 0);
      return;
    case 'w':
      date.setDate(date.getDate() - date.getDay());
      date.setHours(0, 0, 0, 0);
      return;
    case 'd':
      date.setHours(0, 0, 0, 0);
      return;
    case 'h':
      date.setMinutes(0, 0, 0);
      return;
    case 'm':
      date.setSeconds(0, 0);
      return;
    case 's':
      date.setMilliseconds(0);
      return;
  }
}

function add(date: Date, amount: number, unit: string): void {
  if (unit === 'M') {
    date.setMonth(date.getMonth() + amount);
  } else if (unit === 'y') {
    date.setFullYear(date.getFullYear() + amount);
  } else if (unit === 'd' || unit === 'w') {
    // Calendar days, so "now-1d" across a daylight saving change is still "yesterday, same time".
    date.setDate(date.getDate() + amount * (unit === 'w' ? 7 : 1));
  } else {
    date.setTime(date.getTime() + amount * (UNIT_MS[unit] ?? 0));
  }
}

/**
 * Resolves one end of a range to epoch milliseconds, or `undefined` when the text is not a
 * time. `roundUp` rounds `/unit` to the end of the unit (for `to`), as Grafana does.
 */
export function parseDateMath(text: string, now: number, roundUp = false): number | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  if (!value.startsWith('now')) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  const date = new Date(now);
  let rest = value.slice(3);
  while (rest.length > 0) {
    const step = /^([+-])(\d*)(ms|[smhdwMy])|^\/([smhdwMy])/.exec(rest);
    if (!step) return undefined;
    if (step[4]) {
      const unit = step[4];
      startOf(date, unit);
      if (roundUp) {
        add(date, 1, unit);
        date.setTime(date.getTime() - 1);
      }
    } else {
      const amount = step[2] === '' ? 1 : Number(step[2]);
      add(date, step[1] === '-' ? -amount : amount, step[3] ?? 's');
    }
    rest = rest.slice(step[0].length);
  }
  return date.getTime();
}

/** Resolves a raw range; a range that does not parse, or runs backwards, is `undefined`. */
export function resolveRange(raw: RawTimeRange, now: number = Date.now()): TimeRange | undefined {
  const from = parseDateMath(raw.from, now, false);
  const to = parseDateMath(raw.to, now, true);
  if (from === undefined || to === undefined || from >= to) return undefined;
  return { raw, from, to };
}

/** Whether the range moves with the clock (its end is relative to now). */
export function isRelative(raw: RawTimeRange): boolean {
  return raw.to.trim().startsWith('now');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatDateTime(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "Last 6 hours" for `now-6h` → `now`, else both ends as written or as dates. */
export function describeRange(raw: RawTimeRange): string {
  const last = /^now-(\d+)([smhdwMy])$/.exec(raw.from.trim());
  if (last && raw.to.trim() === 'now') {
    const amount = Number(last[1]);
    const words = UNIT_WORDS[last[2] ?? ''];
    if (words) return `Last ${amount} ${amount === 1 ? words[0] : words[1]}`;
  }
  const describeEnd = (text: string) => (/^\d+$/.test(text) ? formatDateTime(Number(text)) : text);
  return `${describeEnd(raw.from)} to ${describeEnd(raw.to)}`;
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
