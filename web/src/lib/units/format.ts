// Value formatting by Grafana unit id (`fieldConfig.defaults.unit`), with Grafana's rules for
// automatic decimals and scaled suffixes, so a value reads the same as in Grafana.

export interface FormattedValue {
  text: string;
  prefix?: string;
  suffix?: string;
}

export type ValueFormatter = (value: number, decimals?: number) => FormattedValue;

export function formattedToString(value: FormattedValue): string {
  return `${value.prefix ?? ''}${value.text}${value.suffix ?? ''}`;
}

/** Grafana's automatic decimals: enough to show two significant digits (three for 2.5…). */
export function decimalsForValue(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  let decimals = -magnitude + 1;
  const normalised = Math.abs(value) / Math.pow(10, -decimals);
  if (normalised > 2.25) decimals += 1;
  if (value % 1 === 0) decimals = 0;
  return Math.max(0, decimals);
}

export function toFixed(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  const places = decimals ?? decimalsForValue(value);
  if (value === 0) return value.toFixed(places);
  const factor = places ? Math.pow(10, Math.max(0, places)) : 1;
  const formatted = String(Math.round(value * factor) / factor);
  if (formatted.includes('e')) return formatted;
  const point = formatted.indexOf('.');
  const precision = point === -1 ? 0 : formatted.length - point - 1;
  if (precision >= places) return formatted;
  return (precision ? formatted : `${formatted}.`) + '0'.repeat(places - precision);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** Divides by powers of `factor` and names the power with `suffixes` (offset: the index of
 * the unscaled suffix). */
function scaledUnits(factor: number, suffixes: string[], offset = 0): ValueFormatter {
  return (value, decimals) => {
    if (!Number.isFinite(value)) return { text: toFixed(value) };
    const power = value === 0 ? 0 : Math.floor(Math.log(Math.abs(value)) / Math.log(factor));
    const index = clamp(offset + power, 0, suffixes.length - 1);
    const scaled = value / Math.pow(factor, index - offset);
    return { text: toFixed(scaled, decimals), suffix: suffixes[index] };
  };
}

function suffixed(suffix: string, scale = 1): ValueFormatter {
  return (value, decimals) => ({ text: toFixed(value * scale, decimals), suffix });
}

function countUnit(symbol: string): ValueFormatter {
  const scale = scaledUnits(1000, ['', 'K', 'M', 'B', 'T']);
  return (value, decimals) => {
    const formatted = scale(value, decimals);
    return { ...formatted, suffix: `${formatted.suffix ?? ''} ${symbol}` };
  };
}

const short = scaledUnits(1000, ['', ' K', ' Mil', ' Bil', ' Tri', ' Quadr', ' Quint', ' Sext', ' Sept']);
const bytes = scaledUnits(1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'].map((unit) => ` ${unit}`));
const decimalBytes = scaledUnits(1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'].map((unit) => ` ${unit}`));
const bits = scaledUnits(1024, ['b', 'Kib', 'Mib', 'Gib', 'Tib', 'Pib'].map((unit) => ` ${unit}`));
const bytesPerSecond = scaledUnits(1024, ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'].map((unit) => ` ${unit}`));

// Durations step up through ms, s, min, hour, day, week/year as Grafana's toSeconds does.
function milliseconds(value: number, decimals?: number): FormattedValue {
  const size = Math.abs(value);
  if (size < 1000) return { text: toFixed(value, decimals), suffix: ' ms' };
  if (size < 60_000) return { text: toFixed(value / 1000, decimals), suffix: ' s' };
  if (size < 3_600_000) return { text: toFixed(value / 60_000, decimals), suffix: ' min' };
  if (size < 86_400_000) return { text: toFixed(value / 3_600_000, decimals), suffix: ' hour' };
  if (size < 31_536_000_000) return { text: toFixed(value / 86_400_000, decimals), suffix: ' day' };
  return { text: toFixed(value / 31_536_000_000, decimals), suffix: ' year' };
}

function seconds(value: number, decimals?: number): FormattedValue {
  const size = Math.abs(value);
  if (size < 1) return milliseconds(value * 1000, decimals);
  if (size < 60) return { text: toFixed(value, decimals), suffix: ' s' };
  if (size < 3600) return { text: toFixed(value / 60, decimals), suffix: ' min' };
  if (size < 86_400) return { text: toFixed(value / 3600, decimals), suffix: ' hour' };
  if (size < 604_800) return { text: toFixed(value / 86_400, decimals), suffix: ' day' };
  if (size < 31_536_000) return { text: toFixed(value / 604_800, decimals), suffix: ' week' };
  return { text: toFixed(value / 31_536_000, decimals), suffix: ' year' };
}

const FORMATTERS: Record<string, ValueFormatter> = {
  none: (value, decimals) => ({ text: toFixed(value, decimals) }),
  short,
  percent: suffixed('%'),
  percentunit: suffixed('%', 100),
  s: seconds,
  ms: milliseconds,
  µs: (value, decimals) => (Math.abs(value) < 1000 ? { text: toFixed(value, decimals), suffix: ' µs' } : milliseconds(value / 1000, decimals)),
  ns: (value, decimals) => (Math.abs(value) < 1000 ? { text: toFixed(value, decimals), suffix: ' ns' } : milliseconds(value / 1_000_000, decimals)),
  bytes,
  decbytes: decimalBytes,
  bits,
  binBps: bytesPerSecond,
  reqps: countUnit('req/s'),
  rps: countUnit('req/s'),
  ops: countUnit('ops/s'),
  wps: countUnit('wps'),
  rpm: countUnit('rpm'),
  celsius: suffixed('°C'),
  fahrenheit: suffixed('°F'),
  hertz: scaledUnits(1000, [' Hz', ' kHz', ' MHz', ' GHz']),
  currencyUSD: (value, decimals) => ({ prefix: '$', ...short(value, decimals) }),
  currencyEUR: (value, decimals) => ({ prefix: '€', ...short(value, decimals) }),
};
FORMATTERS.decmbytes = (value, decimals) => decimalBytes(value * 1_000_000, decimals);
FORMATTERS.kbytes = (value, decimals) => bytes(value * 1024, decimals);
FORMATTERS.mbytes = (value, decimals) => bytes(value * 1024 * 1024, decimals);

const SI_PREFIXES = ['f', 'p', 'n', 'µ', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** SI-prefixed units (`1.50 kB/s`, `250 mW`); `offset` is the input's own prefix step
 * (1 when values are already in kilo-units). */
function si(unit: string, offset = 0): ValueFormatter {
  return scaledUnits(1000, SI_PREFIXES.map((prefix) => ` ${prefix}${unit}`), 5 + offset);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const DURATION_UNITS: [number, string][] = [
  [31_536_000_000, 'year'],
  [604_800_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/** Grafana's `dtdurationms`: the largest whole units, as many as `decimals` (default 2). */
function humanDuration(ms: number, decimals?: number): FormattedValue {
  if (ms < 0) {
    const positive = humanDuration(-ms, decimals);
    return { text: `-${positive.text}` };
  }
  const parts: string[] = [];
  let rest = Math.round(ms);
  const wanted = Math.max(decimals ?? 2, 1);
  for (const [size, unit] of DURATION_UNITS) {
    if (parts.length >= wanted) break;
    const count = Math.floor(rest / size);
    if (count > 0 || (parts.length > 0 && size >= 1000)) {
      if (count > 0) parts.push(plural(count, unit));
      rest -= count * size;
    }
  }
  return { text: parts.length ? parts.join(', ') : '0 milliseconds' };
}

function clock(ms: number): FormattedValue {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return { text: `${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}` };
}

/** Minutes, hours and days step up as Grafana's toMinutes/toHours/toDays do. */
function fromMinutes(value: number, decimals?: number): FormattedValue {
  const size = Math.abs(value);
  if (size < 60) return { text: toFixed(value, decimals), suffix: ' min' };
  if (size < 1440) return { text: toFixed(value / 60, decimals), suffix: ' hour' };
  if (size < 10080) return { text: toFixed(value / 1440, decimals), suffix: ' day' };
  if (size < 525_600) return { text: toFixed(value / 10080, decimals), suffix: ' week' };
  return { text: toFixed(value / 525_600, decimals), suffix: ' year' };
}

function booleans(yes: string, no: string): ValueFormatter {
  return (value) => ({ text: value ? yes : no });
}

function moreFormatters(): Record<string, ValueFormatter> {
  const currency = (symbol: string): ValueFormatter => (value, decimals) => ({ prefix: symbol, ...short(value, decimals) });
  return {
    // Data rates: SI for bytes/bits per second, IEC for the bin* ids.
    Bps: si('B/s'),
    bps: si('b/s'),
    binbps: scaledUnits(1024, ['b/s', 'Kib/s', 'Mib/s', 'Gib/s', 'Tib/s'].map((unit) => ` ${unit}`)),
    KBs: si('B/s', 1),
    MBs: si('B/s', 2),
    GBs: si('B/s', 3),
    Kbits: si('b/s', 1),
    Mbits: si('b/s', 2),
    Gbits: si('b/s', 3),
    pps: si('p/s'),
    decbits: si('b'),
    deckbytes: (value, decimals) => decimalBytes(value * 1000, decimals),
    decgbytes: (value, decimals) => decimalBytes(value * 1e9, decimals),
    gbytes: (value, decimals) => bytes(value * 1024 ** 3, decimals),
    tbytes: (value, decimals) => bytes(value * 1024 ** 4, decimals),
    iops: countUnit('io/s'),
    cps: countUnit('c/s'),
    // Energy, length, mass.
    watt: si('W'),
    kwatt: si('W', 1),
    mwatt: si('W', -1),
    voltamp: si('VA'),
    volt: si('V'),
    amp: si('A'),
    watth: si('Wh'),
    kwatth: si('Wh', 1),
    lengthm: si('m'),
    lengthmm: si('m', -1),
    lengthkm: si('m', 1),
    massg: si('g'),
    masskg: si('g', 1),
    // Plain suffixes.
    ppm: suffixed(' ppm'),
    dB: suffixed(' dB'),
    humidity: suffixed('%H'),
    degree: suffixed('°'),
    kelvin: suffixed(' K'),
    pressurehpa: suffixed(' hPa'),
    pressurebar: suffixed(' bar'),
    velocityms: suffixed(' m/s'),
    velocitykmh: suffixed(' km/h'),
    // Time.
    m: fromMinutes,
    h: (value, decimals) => fromMinutes(value * 60, decimals),
    d: (value, decimals) => fromMinutes(value * 1440, decimals),
    dtdurationms: humanDuration,
    dtdurations: (value, decimals) => humanDuration(value * 1000, decimals),
    clockms: clock,
    clocks: (value) => clock(value * 1000),
    // Numbers written differently.
    locale: (value, decimals) => ({ text: value.toLocaleString(undefined, decimals === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) }),
    sci: (value, decimals) => ({ text: value.toExponential(decimals ?? undefined) }),
    hex: (value) => ({ text: Math.round(value).toString(16).toUpperCase() }),
    hex0x: (value) => ({ text: `0x${Math.round(value).toString(16).toUpperCase()}` }),
    bool: booleans('true', 'false'),
    bool_yes_no: booleans('Yes', 'No'),
    bool_on_off: booleans('On', 'Off'),
    string: (value) => ({ text: String(value) }),
    currencyGBP: currency('£'),
    currencyJPY: currency('¥'),
    currencyCNY: currency('¥'),
    currencyINR: currency('₹'),
    currencyRUB: currency('₽'),
    currencyCHF: currency('CHF '),
    currencyBTC: currency('฿'),
  };
}

Object.assign(FORMATTERS, moreFormatters());

/** The formatter of a unit id; no unit reads as `short`, an unknown one as a custom suffix. */
export function getFormatter(unit: string | undefined): ValueFormatter {
  if (!unit) return short;
  const known = FORMATTERS[unit];
  if (known) return known;
  if (unit.startsWith('suffix:')) return suffixed(unit.slice('suffix:'.length));
  if (unit.startsWith('prefix:')) {
    const prefix = unit.slice('prefix:'.length);
    return (value, decimals) => ({ prefix, text: toFixed(value, decimals) });
  }
  return suffixed(` ${unit}`);
}

export function formatValue(value: number | null | undefined, unit?: string, decimals?: number): FormattedValue {
  if (value === null || value === undefined) return { text: 'No data' };
  return getFormatter(unit)(value, decimals);
}

/** The decimals that tell apart ticks `step` apart. */
export function decimalsForStep(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  for (let decimals = 0; decimals < 12; decimals++) {
    const scaled = step * Math.pow(10, decimals);
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled) return decimals;
  }
  return 12;
}
