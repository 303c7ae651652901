// The display processor: one function per field that turns a raw value into what panels
// show — text in the field's unit and decimals (or a value mapping's text), the colour by
// the field's colour scheme (or the mapping's colour), the number and its percent of the
// field's range. Null gives the field's `noValue` text, or an empty text.
import { formatTooltipTime } from '../time/axis';
import { getFormatter } from '../units/format';
import { colorByName, FALLBACK_COLOR, interpolateColors, isContinuousMode, paletteColor, paletteColorByName, schemeColors, shadeOf, type ThemeName } from './colors';
import { applyValueMappings, fieldMappings } from './mappings';
import { activeThreshold } from './thresholds';
import type { DisplayProcessor, DisplayValue, FieldConfig, FieldRange } from './types';

export interface DisplayContext {
  /** The field's type (`number`, `string`, `time`, `boolean`). */
  fieldType?: string;
  /** The field's display name, for `palette-classic-by-name`. */
  name?: string;
  /** The field's position among the panel's series, for palette colours and shades. */
  seriesIndex?: number;
  /** The range percentages and continuous colours are taken in. */
  range?: FieldRange;
  theme?: ThemeName;
  /** The dashboard's time zone for time values (`browser`, `utc` or an IANA zone). */
  timeZone?: string;
  /** The colour mode when the config names none: `thresholds` for most panels, the
   * time series and pie chart use `palette-classic`. */
  defaultColorMode?: string;
}

/** The field's colour mode, the context's default when the config has none. */
export function colorMode(config: FieldConfig, context: DisplayContext = {}): string {
  return config.color?.mode || context.defaultColorMode || 'thresholds';
}

function toNumeric(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

/** The colour of a numeric value under the field's colour mode (no mappings). */
export function valueColor(numeric: number, config: FieldConfig, context: DisplayContext = {}): string {
  const theme = context.theme ?? 'dark';
  const mode = colorMode(config, context);
  const seriesIndex = context.seriesIndex ?? 0;
  switch (mode) {
    case 'fixed':
      return colorByName(config.color?.fixedColor, theme, FALLBACK_COLOR);
    case 'shades':
      return shadeOf(colorByName(config.color?.fixedColor, theme, FALLBACK_COLOR), seriesIndex);
    case 'palette-classic':
    case 'palette-saturated':
      return paletteColor(seriesIndex);
    case 'palette-classic-by-name':
      return paletteColorByName(context.name ?? '');
    case 'thresholds':
      return colorByName(activeThreshold(Number.isNaN(numeric) ? null : numeric, config, context.range).color, theme);
  }
  if (isContinuousMode(mode)) {
    const range = context.range ?? { min: 0, max: 100, delta: 100 };
    return interpolateColors(schemeColors(mode, theme)!, percentOf(numeric, range));
  }
  return colorByName(activeThreshold(Number.isNaN(numeric) ? null : numeric, config, context.range).color, theme);
}

/** Where `numeric` sits between the range's min (0) and max (1); 1 for a flat range at or
 * above its value, NaN for NaN. */
export function percentOf(numeric: number, range: FieldRange): number {
  if (Number.isNaN(numeric)) return NaN;
  if (range.delta === 0) return numeric >= range.max ? 1 : 0;
  return (numeric - range.min) / range.delta;
}

const RELATIVE_STEPS: [number, string][] = [
  [31_536_000_000, 'year'],
  [2_592_000_000, 'month'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** "5 minutes ago", "in 2 hours", as Grafana's `dateTimeFromNow` unit writes a time. */
export function fromNow(ms: number, now = Date.now()): string {
  const delta = now - ms;
  const size = Math.abs(delta);
  if (size < 45_000) return delta >= 0 ? 'a few seconds ago' : 'in a few seconds';
  for (const [step, unit] of RELATIVE_STEPS) {
    if (size >= step * 0.9 || step === 60_000) {
      const count = Math.max(1, Math.round(size / step));
      const phrase = count === 1 ? `${unit === 'hour' ? 'an' : 'a'} ${unit}` : `${count} ${unit}s`;
      return delta >= 0 ? `${phrase} ago` : `in ${phrase}`;
    }
  }
  return '';
}

function formatTime(value: unknown, unit: string | undefined, timeZone: string | undefined): string | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) return undefined;
  if (unit === 'dateTimeFromNow') return fromNow(ms);
  return formatTooltipTime(ms, timeZone);
}

/** The field's display processor. */
export function displayProcessor(config: FieldConfig, context: DisplayContext = {}): DisplayProcessor {
  const theme = context.theme ?? 'dark';
  const mappings = fieldMappings(config);
  const unit = typeof config.unit === 'string' && config.unit !== '' ? config.unit : undefined;
  const decimals = typeof config.decimals === 'number' && Number.isFinite(config.decimals) ? Math.max(0, Math.min(20, Math.round(config.decimals))) : undefined;
  const formatter = getFormatter(unit);
  const isTime = context.fieldType === 'time' || (unit !== undefined && unit.startsWith('dateTime'));
  const range = context.range ?? { min: 0, max: 100, delta: 100 };
  const noValue = typeof config.noValue === 'string' ? config.noValue : undefined;

  return (value: unknown): DisplayValue => {
    const numeric = toNumeric(value);
    const percent = percentOf(numeric, range);
    const mapping = mappings.length ? applyValueMappings(value, mappings) : undefined;
    let display: DisplayValue;
    const isEmpty = value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
    if (isEmpty) {
      display = { text: value === null || value === undefined ? (noValue ?? '') : 'NaN', numeric, percent, color: valueColor(NaN, config, context) };
    } else if (isTime) {
      display = { text: formatTime(value, unit, context.timeZone) ?? String(value), numeric, percent, color: valueColor(numeric, config, context) };
    } else if (typeof value === 'number' || (context.fieldType === 'number' && !Number.isNaN(numeric) && unit !== 'string')) {
      const formatted = formatter(numeric, decimals);
      display = { ...formatted, numeric, percent, color: valueColor(numeric, config, context) };
    } else {
      display = { text: String(value), numeric, percent, color: valueColor(numeric, config, context) };
    }
    if (mapping) {
      display.mapped = true;
      if (mapping.text !== undefined && mapping.text !== null && mapping.text !== '') {
        display = { ...display, text: mapping.text, prefix: undefined, suffix: undefined };
      }
      if (mapping.color) display.color = colorByName(mapping.color, theme);
    }
    if (display.prefix === undefined) delete display.prefix;
    if (display.suffix === undefined) delete display.suffix;
    return display;
  };
}

/** The whole text of a display value: prefix, text and suffix. */
export function displayText(display: Pick<DisplayValue, 'text' | 'prefix' | 'suffix'>): string {
  return `${display.prefix ?? ''}${display.text}${display.suffix ?? ''}`;
}

/** A number in the field's unit and decimals, without mappings or colour: axis ticks,
 * threshold labels, min/max marks. */
export function formatStepLabel(value: number, config: FieldConfig): string {
  const unit = typeof config.unit === 'string' && config.unit !== '' ? config.unit : undefined;
  const decimals = typeof config.decimals === 'number' && Number.isFinite(config.decimals) ? config.decimals : undefined;
  return displayText(getFormatter(unit)(value, decimals));
}
