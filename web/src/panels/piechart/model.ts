// The pie chart's slices: one per number field reduced with `reduceOptions.calcs` (or one
// per row with `reduceOptions.values`), named, formatted and coloured by the field config
// engine (the classic palette by default), and the geometry that draws them.
import type { PanelModel } from '../../api/types';
import type { PanelData } from '../../lib/data/frames';
import { reduce } from '../../lib/data/reduce';
import { paletteColor, processFields, regexFromString, type DisplayValue, type ThemeName } from '../../lib/fieldconfig';

export interface Slice {
  name: string;
  value: number;
  display: DisplayValue;
  color: string;
}

export interface ReduceOptions {
  values?: boolean;
  calcs?: string[];
  fields?: string;
  limit?: number;
}

function fieldFilter(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  return regexFromString(pattern) ?? undefined;
}

/** The slices of the panel's data, negative and empty values left out. */
export function pieSlices(panel: PanelModel, data: PanelData, theme: ThemeName): Slice[] {
  const reduceOptions = (panel.options?.reduceOptions ?? {}) as ReduceOptions;
  const calc = reduceOptions.calcs?.[0] ?? 'lastNotNull';
  const filter = fieldFilter(reduceOptions.fields);
  const fields = processFields(data, panel.fieldConfig, { theme, defaultColorMode: 'palette-classic' }).filter(
    (field) => field.field.type === 'number' && (field.config.custom?.hideFrom as { viz?: boolean } | undefined)?.viz !== true,
  );
  const slices: Slice[] = [];
  for (const field of fields) {
    if (filter && !filter.test(field.name)) continue;
    if (reduceOptions.values) {
      // One slice per row, named by the row's first string field, else its time.
      const label = field.frame.fields.find((candidate) => candidate.type === 'string') ?? field.frame.fields.find((candidate) => candidate.type === 'time');
      const labelDisplay = label ? processFields([{ ...field.frame, fields: [label] }], panel.fieldConfig)[0]?.display : undefined;
      field.field.values.forEach((value, row) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) return;
        const display = field.display(value);
        const name = label && labelDisplay ? labelDisplay(label.values[row]).text : `${field.name} ${row + 1}`;
        slices.push({ name, value, display, color: sliceColor(field.config.color?.mode, display.color, slices.length) });
      });
      continue;
    }
    const value = reduce(field.field.values, calc);
    if (value === null || !Number.isFinite(value)) continue;
    const display = field.display(value);
    slices.push({ name: field.name, value, display, color: display.mapped ? display.color : field.color });
  }
  const limit = reduceOptions.values ? (reduceOptions.limit ?? 5000) : Infinity;
  return slices.slice(0, limit).filter((slice) => slice.value >= 0);
}

/** Per-row slices of one field share its config, so the palette steps by slice. */
function sliceColor(mode: string | undefined, valueColor: string, index: number): string {
  if (mode && mode !== 'palette-classic' && mode !== 'palette-saturated') return valueColor;
  return paletteColor(index);
}


export interface SliceAngle {
  start: number;
  end: number;
  percent: number;
}

/** Start and end angles (radians, clockwise from 12 o'clock) and share of each value. */
export function sliceAngles(values: readonly number[]): SliceAngle[] {
  const total = values.reduce((sum, value) => sum + Math.max(0, value), 0);
  let angle = 0;
  return values.map((value) => {
    const percent = total > 0 ? Math.max(0, value) / total : 0;
    const start = angle;
    angle += percent * Math.PI * 2;
    return { start, end: angle, percent };
  });
}

function point(cx: number, cy: number, radius: number, angle: number): [number, number] {
  return [cx + radius * Math.sin(angle), cy - radius * Math.cos(angle)];
}

function fixed(value: number): string {
  return value.toFixed(2);
}

/** An SVG path for a slice (a ring segment when `inner` > 0). A full circle is drawn as two
 * halves, since one arc cannot start and end at the same point. */
export function arcPath(cx: number, cy: number, outer: number, inner: number, start: number, end: number): string {
  if (end - start >= Math.PI * 2 - 1e-9) {
    const middle = start + Math.PI;
    return arcPath(cx, cy, outer, inner, start, middle) + arcPath(cx, cy, outer, inner, middle, end);
  }
  const large = end - start > Math.PI ? 1 : 0;
  const [x0, y0] = point(cx, cy, outer, start);
  const [x1, y1] = point(cx, cy, outer, end);
  if (inner <= 0) return `M${fixed(cx)},${fixed(cy)}L${fixed(x0)},${fixed(y0)}A${fixed(outer)},${fixed(outer)} 0 ${large} 1 ${fixed(x1)},${fixed(y1)}Z`;
  const [x2, y2] = point(cx, cy, inner, end);
  const [x3, y3] = point(cx, cy, inner, start);
  return `M${fixed(x0)},${fixed(y0)}A${fixed(outer)},${fixed(outer)} 0 ${large} 1 ${fixed(x1)},${fixed(y1)}L${fixed(x2)},${fixed(y2)}A${fixed(inner)},${fixed(inner)} 0 ${large} 0 ${fixed(x3)},${fixed(y3)}Z`;
}

/** Where a slice's label goes: the middle of its angle, `radius` out. */
export function labelPoint(cx: number, cy: number, radius: number, angle: SliceAngle): [number, number] {
  return point(cx, cy, radius, (angle.start + angle.end) / 2);
}

/** A share as Grafana's pie labels show it: whole percents from 10 %, finer below. */
export function percentText(percent: number): string {
  const value = percent * 100;
  return `${value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(value >= 1 ? 1 : 2)}%`;
}
