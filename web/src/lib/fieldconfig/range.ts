// Min and max as Grafana scales gauges, bar gauges, percentage thresholds and continuous
// colours: the field's configured min/max where set, else the data's. The data's range is
// shared by every number field of the panel (so gauges side by side compare), unless the
// field asks for its own (`fieldMinMax: true`).
import type { Field } from '../data/frames';
import type { FieldConfig, FieldRange } from './types';

/** The smallest and largest finite number among the values, or undefined for none. */
export function valuesMinMax(values: readonly unknown[]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : undefined;
}

/** The min/max over every number field. */
export function globalMinMax(fields: readonly Field[]): { min: number; max: number } | undefined {
  let result: { min: number; max: number } | undefined;
  for (const field of fields) {
    if (field.type !== 'number') continue;
    const own = valuesMinMax(field.values);
    if (!own) continue;
    result = result ? { min: Math.min(result.min, own.min), max: Math.max(result.max, own.max) } : own;
  }
  return result;
}

/** The field's range: configured min/max first, else `dataRange` (the panel-wide or the
 * field's own data range), else 0–100. */
export function fieldRange(config: FieldConfig, dataRange: { min: number; max: number } | undefined): FieldRange {
  const configMin = typeof config.min === 'number' && Number.isFinite(config.min) ? config.min : undefined;
  const configMax = typeof config.max === 'number' && Number.isFinite(config.max) ? config.max : undefined;
  let min = configMin ?? dataRange?.min ?? 0;
  let max = configMax ?? dataRange?.max ?? 100;
  if (configMin === undefined && configMax !== undefined && min > max) min = Math.min(0, max);
  if (configMax === undefined && configMin !== undefined && max < min) max = min + 100;
  return { min, max, delta: max - min };
}
