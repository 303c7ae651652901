// `reduce`: each field to one value per reducer. `seriesToRows` (the default) gives one table,
// a row per field — `Field`, the label columns when `labelsToFields`, a column per reducer;
// `reduceFields` keeps each frame and its fields, each with one value per reducer.
import type { Field, Frame } from '../data/frames';
import { calculate, reducerName } from './calcs';
import { asRecord, asString, asStrings, displayName, guessFieldType, patternToRegex } from './fields';
import type { Transformer } from './types';

type FieldTest = (field: Field, frame: Frame, frames: readonly Frame[]) => boolean;

/** Grafana's field matcher config (`{id, options}`) as a test; unknown ids match everything. */
export function fieldMatcher(config: unknown): FieldTest | undefined {
  const { id, options } = asRecord(config);
  switch (id) {
    case 'byName':
      return (field, frame, frames) => displayName(field, frame, frames) === options || field.name === options;
    case 'byNames': {
      const names = new Set(asStrings(asRecord(options).names));
      return (field, frame, frames) => names.has(displayName(field, frame, frames)) || names.has(field.name);
    }
    case 'byRegexp': {
      const regex = patternToRegex(asString(options) ?? '');
      return (field, frame, frames) => regex !== undefined && regex.test(displayName(field, frame, frames));
    }
    case 'numeric':
      return (field) => field.type === 'number';
    case 'time':
      return (field) => field.type === 'time';
    case 'byType':
      return (field) => field.type === options;
    default:
      return undefined;
  }
}

export const reduceTransformer: Transformer = (frames, options) => {
  const reducers = asStrings(options.reducers);
  if (reducers.length === 0) return frames;
  const mode = asString(options.mode) ?? 'seriesToRows';
  const includeTime = options.includeTimeField === true;
  const matcher: FieldTest =
    fieldMatcher(options.fields) ?? (includeTime && mode === 'reduceFields' ? () => true : (field) => field.type !== 'time');
  if (mode === 'reduceFields') return reduceFields(frames, matcher, reducers);
  const table = seriesToRows(frames, matcher, reducers, options.labelsToFields === true);
  return table ? [table] : [];
};

function seriesToRows(frames: Frame[], matcher: FieldTest, reducers: string[], labelsToFields: boolean): Frame | undefined {
  if (frames.length === 0) return undefined;
  const labelKeys: string[] = [];
  if (labelsToFields) {
    for (const frame of frames) for (const field of frame.fields) for (const key of Object.keys(field.labels ?? {})) if (!labelKeys.includes(key)) labelKeys.push(key);
  }
  const names: string[] = [];
  const labels: Record<string, unknown[]> = Object.fromEntries(labelKeys.map((key) => [key, []]));
  const results: unknown[][] = reducers.map(() => []);
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (!matcher(field, frame, frames)) continue;
      names.push(labelsToFields ? field.name : displayName(field, frame, frames));
      for (const key of labelKeys) labels[key]!.push(field.labels?.[key] ?? null);
      reducers.forEach((reducer, index) => results[index]!.push(calculate(field.values, reducer)));
    }
  }
  const fields: Field[] = [{ name: 'Field', type: 'string', values: names, config: {} }];
  for (const key of labelKeys) fields.push({ name: key, type: 'string', values: labels[key]!, config: {} });
  reducers.forEach((reducer, index) => {
    const values = results[index]!;
    fields.push({ name: reducerName(reducer), type: guessFieldType(values), values, config: {} });
  });
  // One table from every frame, named after none of them.
  return { refId: frames[0]!.refId, fields };
}

function reduceFields(frames: Frame[], matcher: FieldTest, reducers: string[]): Frame[] {
  const result: Frame[] = [];
  for (const frame of frames) {
    const fields: Field[] = [];
    for (const field of frame.fields) {
      if (!matcher(field, frame, frames)) continue;
      for (const reducer of reducers) {
        const value = calculate(field.values, reducer);
        const labels = reducers.length > 1 ? { ...field.labels, reducer: reducerName(reducer) } : field.labels;
        fields.push({ ...field, type: guessFieldType([value]), values: [value], labels });
      }
    }
    if (fields.length) result.push({ ...frame, fields });
  }
  return result;
}
