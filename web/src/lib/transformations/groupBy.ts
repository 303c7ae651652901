// `groupBy`: per frame, one row per distinct combination of the `groupby` fields (in order of
// first appearance), and for each `aggregate` field a column per reducer, named
// `<field> (<reducer>)`. Fields with neither operation are dropped.
import type { Field } from '../data/frames';
import { calculate, reducerName } from './calcs';
import { asRecord, asStrings, displayName, guessFieldType, rowCount } from './fields';
import type { Transformer } from './types';

export const groupByTransformer: Transformer = (frames, options) => {
  const settings = asRecord(options.fields);
  const operation = (name: string) => asRecord(settings[name]);
  const hasGroups = Object.values(settings).some((setting) => asRecord(setting).operation === 'groupby');
  if (!hasGroups) return frames;
  return frames.map((frame) => {
    const named = frame.fields.map((field) => ({ field, name: displayName(field, frame, frames) }));
    const settingOf = (entry: { field: Field; name: string }) => (Object.hasOwn(settings, entry.name) ? operation(entry.name) : operation(entry.field.name));
    const keys = named.filter((entry) => settingOf(entry).operation === 'groupby');
    const aggregates = named.filter((entry) => settingOf(entry).operation === 'aggregate');
    if (keys.length === 0) return frame;
    const groups = new Map<string, number[]>();
    for (let row = 0; row < rowCount(frame); row++) {
      const id = JSON.stringify(keys.map(({ field }) => field.values[row] ?? null));
      const rows = groups.get(id) ?? [];
      rows.push(row);
      groups.set(id, rows);
    }
    const members = [...groups.values()];
    const fields: Field[] = keys.map(({ field }) => ({ ...field, values: members.map((rows) => field.values[rows[0]!] ?? null) }));
    for (const entry of aggregates) {
      for (const reducer of asStrings(settingOf(entry).aggregations)) {
        const values = members.map((rows) => calculate(rows.map((row) => entry.field.values[row] ?? null), reducer));
        const type = reducer === 'first' || reducer === 'last' || reducer === 'firstNotNull' || reducer === 'lastNotNull' ? entry.field.type : guessFieldType(values);
        fields.push({ name: `${entry.name} (${reducerName(reducer)})`, type, values, config: { ...entry.field.config, displayName: undefined } });
      }
    }
    return { ...frame, fields };
  });
};
