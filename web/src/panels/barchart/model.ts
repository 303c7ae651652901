// The bar chart's model: categories from the x field (`options.xField`, else the first string
// field, else the first time field), a series per other number field, and each bar's extent
// in value space — side by side in a group, stacked (`stacking: normal`) or stacked to 100 %
// (`percent`) — plus where groups and bars sit along the category axis.
import type { PanelModel } from '../../api/types';
import type { Frame, PanelData } from '../../lib/data/frames';
import { displayText, processFields, type ProcessedField, type ThemeName } from '../../lib/fieldconfig';

export type Stacking = 'none' | 'normal' | 'percent';

export interface BarSeries {
  name: string;
  field: ProcessedField;
  values: (number | null)[];
  color: string;
}

export interface BarModel {
  categories: string[];
  series: BarSeries[];
}

function pickXField(frame: Frame, xField: string | undefined) {
  if (xField) {
    const named = frame.fields.find((field) => field.name === xField || field.config.displayName === xField);
    if (named) return named;
  }
  return frame.fields.find((field) => field.type === 'string') ?? frame.fields.find((field) => field.type === 'time') ?? frame.fields.find((field) => field.type !== 'number');
}

/** The first frame that has an x field and number fields, as categories and series. */
export function barModel(panel: PanelModel, data: PanelData, theme: ThemeName): BarModel | undefined {
  const xFieldName = typeof panel.options?.xField === 'string' ? panel.options.xField : undefined;
  for (const frame of data.frames) {
    const x = pickXField(frame, xFieldName);
    if (!x) continue;
    const processed = processFields([frame], panel.fieldConfig, { theme, defaultColorMode: 'palette-classic' });
    const xProcessed = processed.find((field) => field.field === x)!;
    const numbers = processed.filter((field) => field.field !== x && field.field.type === 'number' && (field.config.custom?.hideFrom as { viz?: boolean } | undefined)?.viz !== true);
    if (numbers.length === 0) continue;
    return {
      categories: x.values.map((value) => displayText(xProcessed.display(value))),
      series: numbers.map((field) => ({
        name: field.name,
        field,
        values: field.field.values.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null)),
        color: field.color,
      })),
    };
  }
  return undefined;
}

export interface Bar {
  category: number;
  series: number;
  /** Value-space extent: from `start` to `end` (equal for a missing value). */
  start: number;
  end: number;
  value: number | null;
}

/** Every bar's extent. Stacked bars pile positives up from 0 and negatives down from 0. */
export function barExtents(model: BarModel, stacking: Stacking): Bar[] {
  const bars: Bar[] = [];
  model.categories.forEach((_, category) => {
    let up = 0;
    let down = 0;
    const total = model.series.reduce((sum, series) => sum + Math.abs(series.values[category] ?? 0), 0);
    model.series.forEach((series, index) => {
      const raw = series.values[category] ?? null;
      const value = raw === null ? null : stacking === 'percent' ? (total === 0 ? 0 : raw / total) : raw;
      if (stacking === 'none' || value === null) {
        bars.push({ category, series: index, start: 0, end: value ?? 0, value: raw });
        return;
      }
      if (value >= 0) {
        bars.push({ category, series: index, start: up, end: up + value, value: raw });
        up += value;
      } else {
        bars.push({ category, series: index, start: down, end: down + value, value: raw });
        down += value;
      }
    });
  });
  return bars;
}

/** The value range the axis must show (always including 0). */
export function valueRange(bars: readonly Bar[], config: { min?: number; max?: number }): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const bar of bars) {
    min = Math.min(min, bar.start, bar.end);
    max = Math.max(max, bar.start, bar.end);
  }
  if (min === max) max = min + 1;
  return { min: config.min ?? min, max: config.max ?? max };
}

/**
 * Where bar `series` of a category sits along the category axis, as fractions of the
 * category's slot: groups take `groupWidth` of the slot, bars `barWidth` of their share of
 * the group (stacked bars all take the whole group).
 */
export function barSlot(series: number, seriesCount: number, stacked: boolean, groupWidth = 0.7, barWidth = 0.97): { offset: number; size: number } {
  const group = Math.min(1, Math.max(0, groupWidth));
  const groupStart = (1 - group) / 2;
  if (stacked || seriesCount <= 1) {
    const size = group * (seriesCount <= 1 && !stacked ? barWidth : 1);
    return { offset: groupStart + (group - size) / 2, size };
  }
  const share = group / seriesCount;
  const size = share * Math.min(1, Math.max(0, barWidth));
  return { offset: groupStart + series * share + (share - size) / 2, size };
}
