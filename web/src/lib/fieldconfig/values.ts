// The reduced values of the "single value" panels (stat, gauge, bar gauge, and the pie
// chart): Grafana's `reduceOptions`. By default every number field is reduced to one value
// by the first of `calcs` (last non-null when none); `values: true` shows every row instead
// (up to `limit`); `fields` picks fields by name or /regex/ (then string fields count too).
import type { Frame, PanelData } from '../data/frames';
import { timeField } from '../data/frames';
import { reduce } from '../data/reduce';
import { processFields, type ProcessedField, type ProcessOptions } from './process';
import { regexFromString } from './mappings';
import type { DisplayValue, FieldConfigSource } from './types';

export interface ReduceOptions {
  values?: boolean;
  calcs?: string[];
  fields?: string;
  limit?: number;
}

export interface FieldDisplay {
  /** The title: the field's display name (with the row's text in all-values mode). */
  name: string;
  field: ProcessedField;
  /** The reduced (or row) value before display. */
  value: unknown;
  display: DisplayValue;
  /** `[time, value]` points of the field, for sparklines. */
  sparkline?: [number, number][];
}

function fieldFilter(pattern: string | undefined): ((field: ProcessedField) => boolean) | undefined {
  if (!pattern) return undefined;
  if (pattern.startsWith('/')) {
    const regex = regexFromString(pattern);
    return regex ? (field) => regex.test(field.name) : undefined;
  }
  return (field) => field.name === pattern || field.field.name === pattern;
}

/** A reduced value of any field: numbers by the reducer, other types by position. */
function reduceAny(values: readonly unknown[], calc: string, type: string): unknown {
  if (type === 'number') return reduce(values, calc);
  const present = values.filter((value) => value !== null && value !== undefined && value !== '');
  switch (calc) {
    case 'first':
      return values[0] ?? null;
    case 'firstNotNull':
      return present[0] ?? null;
    case 'last':
      return values[values.length - 1] ?? null;
    case 'count':
      return values.length;
    case 'distinctCount':
      return new Set(present).size;
    default:
      return present[present.length - 1] ?? null;
  }
}

function sparklineOf(field: ProcessedField): [number, number][] | undefined {
  const time = timeField(field.frame);
  if (!time || field.field.type !== 'number') return undefined;
  const points: [number, number][] = [];
  field.field.values.forEach((value, row) => {
    const at = time.values[row];
    if (typeof value === 'number' && Number.isFinite(value) && typeof at === 'number') points.push([at, value]);
  });
  return points;
}

/** The values a single-value panel shows, in order. */
export function fieldDisplayValues(data: PanelData | readonly Frame[], source: FieldConfigSource | undefined, reduceOptions: ReduceOptions = {}, options: ProcessOptions = {}): FieldDisplay[] {
  const processed = processFields(data, source, options);
  const filter = fieldFilter(reduceOptions.fields);
  const hiddenFromViz = (field: ProcessedField) => (field.config.custom as { hideFrom?: { viz?: boolean } } | undefined)?.hideFrom?.viz === true;
  const chosen = processed.filter((field) => {
    if (field.field.type === 'time' || hiddenFromViz(field)) return false;
    if (filter) return filter(field) && field.field.type !== 'other';
    return field.field.type === 'number';
  });
  const result: FieldDisplay[] = [];
  if (reduceOptions.values) {
    const limit = reduceOptions.limit ?? 5000;
    for (const field of chosen) {
      const rowTitle = field.frame.fields.find((candidate) => candidate.type === 'string' && candidate !== field.field);
      for (let row = 0; row < field.field.values.length && result.length < limit; row++) {
        const value = field.field.values[row];
        const title = rowTitle ? String(rowTitle.values[row] ?? '') : '';
        result.push({ name: title || field.name, field, value, display: field.display(value) });
      }
    }
    return result;
  }
  const calc = reduceOptions.calcs?.[0] ?? 'lastNotNull';
  for (const field of chosen) {
    const value = reduceAny(field.field.values, calc, field.field.type);
    result.push({ name: field.name, field, value, display: field.display(value), sparkline: sparklineOf(field) });
  }
  return reduceOptions.limit !== undefined && reduceOptions.limit > 0 ? result.slice(0, reduceOptions.limit) : result;
}
