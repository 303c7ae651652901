// Helpers the transformations share: reading options leniently, display names in a frame
// set, copying fields, Grafana's string-or-regex patterns, guessing a column's type.
import { fieldDisplayName, type Field, type Frame } from '../data/frames';

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The display name of each field of `frame`, as panels would show it among `frames`. */
export function displayName(field: Field, frame: Frame, frames: readonly Frame[]): string {
  return fieldDisplayName(field, frame, frames.length);
}

/** Number of rows of a frame: its longest field. */
export function rowCount(frame: Frame): number {
  return frame.fields.reduce((most, field) => Math.max(most, field.values.length), 0);
}

/**
 * A regular expression from Grafana's pattern text: `/body/flags` is a regular expression
 * with flags, anything else the whole text as a regular expression. `undefined` when invalid.
 */
export function patternToRegex(pattern: string): RegExp | undefined {
  const literal = /^\/(.*)\/([gimsuy]*)$/s.exec(pattern);
  try {
    return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** A field's type from its values, for computed columns (`number`, `string`, `boolean`, `other`). */
export function guessFieldType(values: readonly unknown[]): string {
  const sample = values.find((value) => value !== null && value !== undefined);
  if (sample === undefined) return 'number';
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'string') return 'string';
  if (typeof sample === 'boolean') return 'boolean';
  return 'other';
}

/** A copy of `field` with other values (same name, type, labels and config). */
export function withValues(field: Field, values: unknown[]): Field {
  return { ...field, values };
}

/** Time as epoch milliseconds from a time field's cell (numbers or ISO strings). */
export function timeValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/** Compares two cells for sorting: nulls last, numbers numerically, the rest as text. */
export function compareValues(left: unknown, right: unknown): number {
  const leftMissing = left === null || left === undefined;
  const rightMissing = right === null || right === undefined;
  if (leftMissing || rightMissing) return leftMissing === rightMissing ? 0 : leftMissing ? 1 : -1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  return String(left).localeCompare(String(right), undefined, { numeric: true });
}

/** Reorders every field of `frame` by row indexes. */
export function pickRows(frame: Frame, rows: readonly number[]): Frame {
  return { ...frame, fields: frame.fields.map((field) => withValues(field, rows.map((row) => field.values[row] ?? null))) };
}
