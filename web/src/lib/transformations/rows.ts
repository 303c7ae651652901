// Transformations over rows: `sortBy`, `limit`, `filterByValue` (Grafana's basic value
// matchers: greater, lower, equal, null checks, range and regex).
import type { Field, Frame } from '../data/frames';
import { asNumber, asRecord, asString, compareValues, displayName, patternToRegex, pickRows, rowCount, timeValue } from './fields';
import type { Transformer } from './types';

function findField(frame: Frame, frames: readonly Frame[], name: string): Field | undefined {
  return frame.fields.find((field) => displayName(field, frame, frames) === name) ?? frame.fields.find((field) => field.name === name);
}

export const sortByTransformer: Transformer = (frames, options) => {
  const sorts = Array.isArray(options.sort) ? options.sort.map(asRecord) : [];
  const first = sorts.find((sort) => asString(sort.field));
  if (!first) return frames;
  const name = asString(first.field)!;
  const desc = first.desc === true;
  return frames.map((frame) => {
    const field = findField(frame, frames, name);
    if (!field) return frame;
    const order = Array.from({ length: rowCount(frame) }, (_, row) => row);
    const key = (row: number) => (field.type === 'time' ? timeValue(field.values[row]) : field.values[row]);
    // Missing values last either way; ties keep their order.
    const missing = (row: number) => key(row) === null || key(row) === undefined;
    order.sort((left, right) => {
      if (missing(left) || missing(right)) return Number(missing(left)) - Number(missing(right)) || left - right;
      return (desc ? compareValues(key(right), key(left)) : compareValues(key(left), key(right))) || left - right;
    });
    return pickRows(frame, order);
  });
};

export const limitTransformer: Transformer = (frames, options) => {
  const limit = asNumber(options.limitField) ?? 10;
  if (limit < 0) return frames;
  return frames.map((frame) => ({ ...frame, fields: frame.fields.map((field) => ({ ...field, values: field.values.slice(0, limit) })) }));
};

type ValueTest = (value: unknown) => boolean;

function comparable(value: unknown, field: Field): number | string | null {
  if (value === null || value === undefined) return null;
  if (field.type === 'time') return timeValue(value);
  if (typeof value === 'number') return value;
  const number = asNumber(value);
  return number ?? String(value);
}

function valueTest(config: Record<string, unknown>, field: Field): ValueTest | undefined {
  const options = asRecord(config.options);
  const target = comparable(options.value, field);
  const compare = (test: (left: number | string, right: number | string) => boolean): ValueTest => (value) => {
    const left = comparable(value, field);
    return left !== null && target !== null && typeof left === typeof target && test(left, target);
  };
  switch (config.id) {
    case 'greater':
      return compare((left, right) => left > right);
    case 'greaterOrEqual':
      return compare((left, right) => left >= right);
    case 'lower':
      return compare((left, right) => left < right);
    case 'lowerOrEqual':
      return compare((left, right) => left <= right);
    case 'equal':
      return (value) => comparable(value, field) === target;
    case 'notEqual':
      return (value) => comparable(value, field) !== target;
    case 'isNull':
      return (value) => value === null || value === undefined;
    case 'isNotNull':
      return (value) => value !== null && value !== undefined;
    case 'range': {
      const from = comparable(options.from, field);
      const to = comparable(options.to, field);
      return (value) => {
        const cell = comparable(value, field);
        return cell !== null && from !== null && to !== null && cell >= from && cell <= to;
      };
    }
    case 'regex': {
      const regex = patternToRegex(asString(options.value) ?? '');
      return (value) => regex !== undefined && value !== null && value !== undefined && regex.test(String(value));
    }
    default:
      return undefined;
  }
}

export const filterByValueTransformer: Transformer = (frames, options) => {
  const filters = Array.isArray(options.filters) ? options.filters.map(asRecord) : [];
  if (filters.length === 0) return frames;
  const include = asString(options.type) !== 'exclude';
  const matchAll = asString(options.match) === 'all';
  return frames.map((frame) => {
    const tests: { field: Field; test: ValueTest }[] = [];
    for (const filter of filters) {
      const field = findField(frame, frames, asString(filter.fieldName) ?? '');
      const test = field && valueTest(asRecord(filter.config), field);
      if (field && test) tests.push({ field, test });
    }
    if (tests.length === 0) return frame;
    const rows: number[] = [];
    for (let row = 0; row < rowCount(frame); row++) {
      const matched = matchAll ? tests.every(({ field, test }) => test(field.values[row])) : tests.some(({ field, test }) => test(field.values[row]));
      if (matched === include) rows.push(row);
    }
    return pickRows(frame, rows);
  });
};
