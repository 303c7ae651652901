// The stat panel's values and options: Grafana's reduced values (through the field config
// engine, colours by thresholds unless the field says otherwise), the text mode rules and
// the sparkline path.
import type { PanelModel } from '../../api/types';
import type { PanelData } from '../../lib/data/frames';
import { fieldDisplayValues, type FieldDisplay, type ReduceOptions, type ThemeName } from '../../lib/fieldconfig';
import type { FormattedValue } from '../../lib/units/format';
import type { Orientation } from '../shared/vizGrid';

export interface StatOptions {
  reduceOptions?: ReduceOptions;
  colorMode?: 'value' | 'background' | 'background_solid' | 'none';
  graphMode?: 'area' | 'line' | 'none';
  textMode?: 'auto' | 'value' | 'value_and_name' | 'name' | 'none';
  orientation?: Orientation;
  justifyMode?: 'auto' | 'center';
  wideLayout?: boolean;
  text?: { valueSize?: number; titleSize?: number };
  showPercentChange?: boolean;
  percentChangeColorMode?: 'standard' | 'inverted' | 'same_as_value';
}

export interface StatValue {
  name: string;
  value: number | null;
  display: FormattedValue;
  color: string;
  /** `[time, value]` points for the sparkline, when the field has a time field beside it. */
  sparkline?: [number, number][];
  /** The whole display value from the engine. */
  field: FieldDisplay;
  /** The change from the field's first to its last number, in percent. */
  percentChange?: number;
}

export function statOptions(panel: PanelModel): StatOptions {
  return (panel.options ?? {}) as StatOptions;
}

export function statValues(panel: PanelModel, data: PanelData, theme: ThemeName = 'dark', timeZone?: string): StatValue[] {
  const options = statOptions(panel);
  const values = fieldDisplayValues(data, panel.fieldConfig, options.reduceOptions, { theme, defaultColorMode: 'thresholds', timeZone });
  return values.map((entry) => {
    const display: FormattedValue = { text: entry.display.text || (typeof entry.field.config.noValue === 'string' ? entry.field.config.noValue : 'No data') };
    if (entry.display.prefix) display.prefix = entry.display.prefix;
    if (entry.display.suffix) display.suffix = entry.display.suffix;
    return {
      name: entry.name,
      value: Number.isNaN(entry.display.numeric) ? null : entry.display.numeric,
      display,
      color: entry.display.color,
      sparkline: entry.sparkline,
      field: entry,
      percentChange: percentChange(entry.field.field.values),
    };
  });
}

/** What a cell shows under `textMode`: `auto` names the values when there are several. */
export function textParts(textMode: StatOptions['textMode'], count: number): { name: boolean; value: boolean } {
  switch (textMode) {
    case 'value':
      return { name: false, value: true };
    case 'value_and_name':
      return { name: true, value: true };
    case 'name':
      return { name: true, value: false };
    case 'none':
      return { name: false, value: false };
    default:
      return { name: count > 1, value: true };
  }
}

/** An SVG path through the points scaled into `width`×`height` (y up), and its closed area. */
export function sparklinePaths(points: [number, number][], width: number, height: number): { line: string; area: string } | undefined {
  if (points.length < 2) return undefined;
  let [t0, t1, v0, v1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [time, value] of points) {
    t0 = Math.min(t0, time);
    t1 = Math.max(t1, time);
    v0 = Math.min(v0, value);
    v1 = Math.max(v1, value);
  }
  if (v0 === v1) {
    v0 -= 1;
    v1 += 1;
  }
  const x = (time: number) => ((time - t0) / (t1 - t0 || 1)) * width;
  const y = (value: number) => height - ((value - v0) / (v1 - v0)) * height;
  const line = points.map(([time, value], index) => `${index ? 'L' : 'M'}${x(time).toFixed(1)},${y(value).toFixed(1)}`).join('');
  return { line, area: `${line}L${width},${height}L0,${height}Z` };
}

/** Grafana's percent change: from the first to the last number of the field; undefined
 * when either is missing or the first is zero. */
export function percentChange(values: readonly unknown[]): number | undefined {
  const numbers = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (numbers.length < 2 || numbers[0] === 0) return undefined;
  return ((numbers[numbers.length - 1]! - numbers[0]!) / Math.abs(numbers[0]!)) * 100;
}

/** The colour of a percent change: up is good (green) in `standard`, bad in `inverted`. */
export function percentChangeColor(change: number, mode: StatOptions['percentChangeColorMode'], valueColor: string): string {
  if (mode === 'same_as_value') return valueColor;
  if (change === 0) return '#808080';
  const good = mode === 'inverted' ? change < 0 : change > 0;
  return good ? '#73BF69' : '#F2495C';
}
