// The stat panel's values: one per number field (`reduceOptions.values: false`, the
// default), reduced with the first of `reduceOptions.calcs`, coloured by thresholds or a
// fixed colour, with the field's time series for the sparkline.
import type { PanelModel } from '../../api/types';
import { resolveColor, thresholdColor } from '../../lib/data/colors';
import { fieldDisplayName, resolveFieldConfig, timeField, type PanelData } from '../../lib/data/frames';
import { reduce } from '../../lib/data/reduce';
import { formatValue, type FormattedValue } from '../../lib/units/format';

export interface StatValue {
  name: string;
  value: number | null;
  display: FormattedValue;
  color: string;
  /** `[time, value]` points for the sparkline, when the field has a time field beside it. */
  sparkline?: [number, number][];
}

export function statValues(panel: PanelModel, data: PanelData): StatValue[] {
  const reduceOptions = (panel.options?.reduceOptions ?? {}) as { calcs?: string[]; fields?: string; limit?: number };
  const calc = reduceOptions.calcs?.[0] ?? 'lastNotNull';
  let fieldFilter: RegExp | undefined;
  if (reduceOptions.fields && reduceOptions.fields !== '' && !reduceOptions.fields.startsWith('/^(?:')) {
    try {
      fieldFilter = new RegExp(reduceOptions.fields.replace(/^\/(.*)\/$/, '$1'));
    } catch {
      fieldFilter = undefined;
    }
  }
  const result: StatValue[] = [];
  for (const frame of data.frames) {
    const time = timeField(frame);
    for (const field of frame.fields) {
      if (field.type !== 'number') continue;
      const name = fieldDisplayName(field, frame, data.frames.length);
      if (fieldFilter && !fieldFilter.test(name)) continue;
      const config = resolveFieldConfig(field, frame, name, panel.fieldConfig);
      const numbers = field.values.filter((value): value is number => typeof value === 'number');
      const value = reduce(field.values, calc);
      const color =
        config.color?.mode === 'fixed' ? resolveColor(config.color.fixedColor) : thresholdColor(value, config, Math.min(...numbers), Math.max(...numbers));
      const sparkline = time
        ? field.values.flatMap((point, row): [number, number][] => {
            const at = time.values[row];
            return typeof point === 'number' && typeof at === 'number' ? [[at, point]] : [];
          })
        : undefined;
      result.push({
        name: config.displayName || name,
        value,
        display: formatValue(value, config.unit, typeof config.decimals === 'number' ? config.decimals : undefined),
        color,
        sparkline,
      });
    }
  }
  return result.slice(0, reduceOptions.limit ?? 100);
}

/** An SVG path through the points scaled into `width`×`height` (y up), and its closed area. */
export function sparklinePaths(points: [number, number][], width: number, height: number): { line: string; area: string } | undefined {
  if (points.length < 2) return undefined;
  const times = points.map(([time]) => time);
  const values = points.map(([, value]) => value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  let [v0, v1] = [Math.min(...values), Math.max(...values)];
  if (v0 === v1) {
    v0 -= 1;
    v1 += 1;
  }
  const x = (time: number) => ((time - t0) / (t1 - t0 || 1)) * width;
  const y = (value: number) => height - ((value - v0) / (v1 - v0)) * height;
  const line = points.map(([time, value], index) => `${index ? 'L' : 'M'}${x(time).toFixed(1)},${y(value).toFixed(1)}`).join('');
  return { line, area: `${line}L${width},${height}L0,${height}Z` };
}
