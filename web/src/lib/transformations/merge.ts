// Transformations that make one frame of many: `merge` (rows of all frames in one table, rows
// that agree on every shared column becoming one), `seriesToRows` (time series as `Time`,
// `Metric`, `Value` rows, newest first) and `concatenate` (all fields side by side).
import type { Field, Frame } from '../data/frames';
import { asString, compareValues, displayName, rowCount, timeValue } from './fields';
import type { Transformer } from './types';

const missing = (value: unknown) => value === null || value === undefined;

/** A field's structure with no values; the display name and labels are left behind. */
function emptyLike(field: Field, name = field.name): Field {
  const config = { ...field.config };
  delete config.displayName;
  return { name, type: field.type, values: [], config };
}

export const mergeTransformer: Transformer = (input) => {
  if (input.length <= 1) return input;
  const frames = input.filter((frame) => frame.fields.length > 0);
  if (frames.length === 0) return [input[0]!];
  const columns: Field[] = [];
  const framesByColumn = new Map<string, Set<number>>();
  frames.forEach((frame, frameIndex) => {
    for (const field of frame.fields) {
      if (!framesByColumn.has(field.name)) {
        framesByColumn.set(field.name, new Set());
        columns.push(emptyLike(field));
      }
      framesByColumn.get(field.name)!.add(frameIndex);
    }
  });
  const keyColumns = columns.map((column) => column.name).filter((name) => framesByColumn.get(name)!.size === frames.length);
  if (keyColumns.length === 0) return input;

  // Rows by their key (the values of the columns every frame has); a row joins an earlier
  // one of the same key when no column they both fill disagrees.
  const rowsByKey = new Map<string, Record<string, unknown>[]>();
  const order: Record<string, unknown>[] = [];
  for (const frame of frames) {
    const byName = new Map(frame.fields.map((field) => [field.name, field]));
    for (let row = 0; row < rowCount(frame); row++) {
      const record: Record<string, unknown> = {};
      for (const [name, field] of byName) record[name] = field.values[row];
      const key = JSON.stringify(keyColumns.map((name) => record[name] ?? null));
      const candidates = rowsByKey.get(key) ?? [];
      const target = candidates.find((existing) => Object.keys(record).every((name) => missing(existing[name]) || existing[name] === record[name]));
      if (target) {
        Object.assign(target, record);
        continue;
      }
      candidates.push(record);
      rowsByKey.set(key, candidates);
      order.push(record);
    }
  }
  for (const column of columns) column.values = order.map((record) => record[column.name] ?? null);
  return [{ refId: frames[0]!.refId, fields: columns }];
};

/** Time series frames: each has a time field and one value field. */
function isTimeSeries(frames: Frame[]): boolean {
  return frames.every((frame) => frame.fields.length === 2 && frame.fields.filter((field) => field.type === 'time').length === 1);
}

export const seriesToRowsTransformer: Transformer = (input) => {
  if (input.length <= 1) return input;
  const frames = input.filter((frame) => rowCount(frame) > 0);
  if (frames.length === 0 || !isTimeSeries(frames)) return input;
  const rows: { time: unknown; metric: string; value: unknown }[] = [];
  let timeTemplate: Field | undefined;
  let valueTemplate: Field | undefined;
  for (const frame of frames) {
    const time = frame.fields.find((field) => field.type === 'time')!;
    const value = frame.fields.find((field) => field !== time)!;
    timeTemplate ??= time;
    valueTemplate ??= value;
    const metric = frame.name || displayName(value, frame, frames);
    time.values.forEach((cell, row) => rows.push({ time: cell, metric, value: value.values[row] ?? null }));
  }
  rows.sort((left, right) => compareValues(timeValue(right.time), timeValue(left.time)));
  return [
    {
      refId: frames[0]!.refId,
      fields: [
        { ...emptyLike(timeTemplate!, 'Time'), values: rows.map((row) => row.time) },
        { name: 'Metric', type: 'string', values: rows.map((row) => row.metric), config: {} },
        { ...emptyLike(valueTemplate!, 'Value'), values: rows.map((row) => row.value) },
      ],
    },
  ];
};

export const concatenateTransformer: Transformer = (input, options) => {
  if (input.length < 2) return input;
  const mode = asString(options.frameNameMode) ?? 'field';
  const label = asString(options.frameNameLabel) ?? 'frame';
  const length = input.reduce((most, frame) => Math.max(most, rowCount(frame)), 0);
  const fields: Field[] = [];
  for (const frame of input) {
    for (const field of frame.fields) {
      const copy: Field = { ...field, values: Array.from({ length }, (_, row) => field.values[row] ?? null) };
      if (frame.name && mode === 'label') copy.labels = { ...field.labels, [label]: frame.name };
      else if (frame.name && mode !== 'drop') copy.name = !field.name || field.name === 'Value' ? frame.name : `${frame.name} · ${field.name}`;
      fields.push(copy);
    }
  }
  return [{ fields }];
};
