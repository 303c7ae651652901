// The state timeline's rows: one per non-time field of every frame with a time field, its
// values turned into segments that last until the next value (the last one until the end of
// the range), neighbours with equal values merged (`options.mergeValues`, on by default),
// nulls leaving gaps; each segment coloured and named by the field config engine (value
// mappings, thresholds), unmapped text states by a palette colour of their own.
import type { PanelModel } from '../../api/types';
import type { Frame } from '../../lib/data/frames';
import { colorByName, colorMode, displayText, paletteColor, processFields, thresholdSteps, type DisplayValue, type FieldConfig, type ThemeName } from '../../lib/fieldconfig';

export interface Span {
  start: number;
  end: number;
  /** The row index of the first value in the span. */
  index: number;
}

/**
 * Spans over `times` (ascending): each value lasts until the next one (the last until
 * `end`), null values are gaps, and with `merge` a run of equal values is one span.
 */
export function stateSpans(times: readonly number[], values: readonly unknown[], end: number, merge = true): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  for (let index = 0; index < times.length; index++) {
    const time = times[index]!;
    const value = values[index];
    const empty = value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
    if (open) {
      if (merge && !empty && sameValue(values[open.index], value)) continue;
      open.end = time;
      spans.push(open);
      open = undefined;
    }
    if (!empty) open = { start: time, end: time, index };
  }
  if (open) {
    open.end = Math.max(open.start, end);
    spans.push(open);
  }
  return spans;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

export interface StateSegment extends Span {
  value: unknown;
  display: DisplayValue;
  text: string;
  color: string;
}

export interface StateRow {
  name: string;
  segments: StateSegment[];
  config: FieldConfig;
}

export interface LegendItem {
  text: string;
  color: string;
}

function toTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return NaN;
}

/** The rows to draw within a range ending at `end`. */
export function stateRows(panel: PanelModel, frames: Frame[], theme: ThemeName, end: number): StateRow[] {
  const merge = panel.options?.mergeValues !== false;
  const fields = processFields(frames, panel.fieldConfig, { theme });
  const rows: StateRow[] = [];
  // Text states without a mapping get palette colours in order of appearance.
  const textColors = new Map<string, string>();
  for (const processed of fields) {
    const time = processed.frame.fields.find((field) => field.type === 'time');
    if (!time || processed.field === time || processed.field.type === 'time') continue;
    if ((processed.config.custom?.hideFrom as { viz?: boolean } | undefined)?.viz === true) continue;
    // Rows are drawn in time order whatever order the frame has.
    const order = time.values.map((value, index) => ({ time: toTime(value), index })).filter((entry) => Number.isFinite(entry.time)).sort((a, b) => a.time - b.time);
    const times = order.map((entry) => entry.time);
    const values = order.map((entry) => processed.field.values[entry.index]);
    const byValue = colorMode(processed.config) !== 'fixed';
    const segments = stateSpans(times, values, end, merge).map((span): StateSegment => {
      const value = values[span.index];
      const display = processed.display(value);
      let color = display.color;
      if (!display.mapped && typeof value !== 'number' && byValue) {
        const key = String(value);
        if (!textColors.has(key)) textColors.set(key, paletteColor(textColors.size));
        color = textColors.get(key)!;
      }
      return { ...span, index: order[span.index]!.index, value, display, text: displayText(display), color };
    });
    rows.push({ name: processed.name, segments, config: processed.config });
  }
  return rows;
}

/**
 * The legend: the distinct mapped or text states with their colours (first seen first), and
 * for rows of unmapped numbers coloured by thresholds, the threshold steps (`< 80`, `80+`).
 */
export function legendItems(rows: readonly StateRow[], theme: ThemeName, limit = 20): LegendItem[] {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const byThresholds = colorMode(row.config) === 'thresholds';
    let stepsShown = false;
    for (const segment of row.segments) {
      if (seen.size >= limit) break;
      if (typeof segment.value === 'number' && !segment.display.mapped) {
        if (!byThresholds || stepsShown) continue;
        stepsShown = true;
        const steps = thresholdSteps(row.config);
        steps.forEach((step, index) => {
          const next = steps[index + 1]?.value;
          const text = index === 0 ? (next === undefined || next === null ? 'Base' : `< ${next}`) : `${step.value}+`;
          if (!seen.has(text)) seen.set(text, colorByName(step.color, theme));
        });
        continue;
      }
      if (!seen.has(segment.text)) seen.set(segment.text, segment.color);
    }
  }
  return [...seen].map(([text, color]) => ({ text, color }));
}
