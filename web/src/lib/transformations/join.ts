// `joinByField` (and its old id `seriesToColumns`): frames joined into one table on a shared
// field — `byField` (a display name), else each frame's first time field. `outer` (the
// default) keeps every key of any frame, `inner` only keys all frames have; the result is
// sorted by the key when that is time. The other fields keep the names they had in their frame.
import type { Field, Frame } from '../data/frames';
import { asString, compareValues, displayName, timeValue } from './fields';
import type { Transformer } from './types';

function keyField(frame: Frame, frames: readonly Frame[], byField: string | undefined): Field | undefined {
  if (byField) return frame.fields.find((field) => displayName(field, frame, frames) === byField || field.name === byField);
  return frame.fields.find((field) => field.type === 'time');
}

/** The field as it will be shown in the joined frame: its display name among the inputs is kept. */
function keepName(field: Field, frame: Frame, frames: readonly Frame[]): Field {
  const shown = displayName(field, frame, frames);
  if (field.config.displayName || shown === field.name) return field;
  return { ...field, config: { ...field.config, displayNameFromDS: shown } };
}

export function joinFrames(frames: Frame[], byField: string | undefined, mode: string): Frame[] {
  if (frames.length === 0) return frames;
  const keyed = frames.map((frame) => ({ frame, key: keyField(frame, frames, byField) }));
  const joinable = keyed.filter((entry) => entry.key);
  if (joinable.length === 0) return frames;
  if (joinable.length === 1 && frames.length === 1) return frames;
  const first = joinable[0]!.key!;
  const isTime = first.type === 'time';
  const normal = (value: unknown) => (isTime ? timeValue(value) : value);
  const identity = (value: unknown) => JSON.stringify(normal(value) ?? null);

  // Every key in order of appearance, and per frame the row of each key (duplicates: first).
  const keys: unknown[] = [];
  const seen = new Map<string, number>();
  const rowsOf = joinable.map(({ key }) => {
    const rows = new Map<string, number>();
    key!.values.forEach((value, row) => {
      const id = identity(value);
      if (!rows.has(id)) rows.set(id, row);
      if (!seen.has(id)) {
        seen.set(id, keys.length);
        keys.push(value);
      }
    });
    return rows;
  });
  let ids = keys.map((value) => ({ value, id: identity(value) }));
  if (mode === 'inner') ids = ids.filter(({ id }) => rowsOf.every((rows) => rows.has(id)));
  if (isTime) ids.sort((left, right) => compareValues(normal(left.value), normal(right.value)));

  const fields: Field[] = [{ ...first, labels: undefined, values: ids.map(({ value }) => value) }];
  joinable.forEach(({ frame, key }, index) => {
    const rows = rowsOf[index]!;
    for (const field of frame.fields) {
      if (field === key) continue;
      const values = ids.map(({ id }) => {
        const row = rows.get(id);
        return row === undefined ? null : (field.values[row] ?? null);
      });
      fields.push({ ...keepName(field, frame, frames), values });
    }
  });
  const joined: Frame = { refId: joinable.length === 1 ? joinable[0]!.frame.refId : undefined, fields };
  // Frames without the key field pass through after the joined one.
  return [joined, ...keyed.filter((entry) => !entry.key).map((entry) => entry.frame)];
}

export const joinByFieldTransformer: Transformer = (frames, options) => {
  const mode = asString(options.mode) ?? 'outer';
  return joinFrames(frames, asString(options.byField), mode);
};
