// Thresholds: the step a value falls on, in absolute values or as a percentage of the
// field's min…max range (`thresholds.mode: percentage`).
import type { FieldConfig, FieldRange, Threshold } from './types';

/** Grafana's thresholds when a field has none: green, red from 80. */
export const DEFAULT_THRESHOLDS: Threshold[] = [
  { value: null, color: 'green' },
  { value: 80, color: 'red' },
];

/** The field's steps, base first (a missing value is the base, -Infinity). */
export function thresholdSteps(config: FieldConfig): Threshold[] {
  const steps = config.thresholds?.steps;
  if (!Array.isArray(steps) || steps.length === 0) return DEFAULT_THRESHOLDS;
  return [...steps].sort((a, b) => stepValue(a) - stepValue(b));
}

export function stepValue(step: Threshold): number {
  return step.value === null || step.value === undefined ? -Infinity : step.value;
}

export function isPercentageMode(config: FieldConfig): boolean {
  return config.thresholds?.mode === 'percentage';
}

/** The value a step's number is compared with: the value itself, or its percentage of the
 * range in percentage mode. */
export function comparableValue(value: number, config: FieldConfig, range: FieldRange | undefined): number {
  if (!isPercentageMode(config)) return value;
  const min = range?.min ?? 0;
  const max = range?.max ?? 100;
  if (max === min) return value >= max ? 100 : 0;
  return ((value - min) / (max - min)) * 100;
}

/** The highest step at or below `value`; the base step for null and NaN. */
export function activeThreshold(value: number | null | undefined, config: FieldConfig, range?: FieldRange): Threshold {
  const steps = thresholdSteps(config);
  let active = steps[0]!;
  if (value === null || value === undefined || Number.isNaN(value)) return active;
  const compared = comparableValue(value, config, range);
  for (const step of steps) {
    if (compared >= stepValue(step)) active = step;
    else break;
  }
  return active;
}

/** A step's position as a value of the field (percentage steps mapped into the range);
 * -Infinity for the base. */
export function thresholdAbsoluteValue(step: Threshold, config: FieldConfig, range: FieldRange): number {
  const value = stepValue(step);
  if (!isPercentageMode(config) || !Number.isFinite(value)) return value;
  return range.min + (range.delta * value) / 100;
}
