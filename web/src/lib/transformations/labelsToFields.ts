// `labelsToFields`: series labels as data. `columns` (the default) adds a string column per
// label to each frame and drops the labels from the value fields (`valueLabel` names a value
// field after that label's value); `rows` makes, per labelled field, a frame of `label` and
// `value` rows. `keepLabels` limits either to those labels.
import type { Field, Frame } from '../data/frames';
import { asString, asStrings, displayName, rowCount } from './fields';
import type { Transformer } from './types';

export const labelsToFieldsTransformer: Transformer = (frames, options) => {
  const keep = asStrings(options.keepLabels);
  const kept = keep.length ? new Set(keep) : undefined;
  if (options.mode === 'rows') return labelsToRows(frames, keep.length ? keep : undefined);
  const valueLabel = asString(options.valueLabel);
  return frames.map((frame) => {
    const fields: Field[] = [];
    const labelValues = new Map<string, Set<string>>();
    for (const field of frame.fields) {
      if (!field.labels) {
        fields.push(field);
        continue;
      }
      const config = { ...field.config };
      delete config.displayName;
      delete config.displayNameFromDS;
      const plain: Field = { ...field, config, labels: undefined };
      for (const [name, value] of Object.entries(field.labels)) {
        if (kept && !kept.has(name)) continue;
        if (name === valueLabel) {
          plain.name = value;
          continue;
        }
        const values = labelValues.get(name) ?? new Set<string>();
        values.add(value);
        labelValues.set(name, values);
      }
      fields.push(plain);
    }
    const length = rowCount(frame);
    for (const [name, values] of labelValues) {
      for (const value of values) fields.push({ name, type: 'string', values: new Array<string>(length).fill(value), config: {} });
    }
    return { ...frame, fields };
  });
};

function labelsToRows(frames: Frame[], keep: string[] | undefined): Frame[] {
  const result: Frame[] = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (!field.labels) continue;
      const entries = keep ? keep.map((key) => [key, field.labels?.[key] ?? null] as const) : Object.entries(field.labels);
      if (entries.length === 0) continue;
      result.push({
        ...frame,
        name: displayName(field, frame, frames),
        fields: [
          { name: 'label', type: 'string', values: entries.map(([key]) => key), config: {} },
          { name: 'value', type: 'string', values: entries.map(([, value]) => value), config: {} },
        ],
      });
    }
  }
  return result;
}
