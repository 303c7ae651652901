// Frame builders and a compact view of frames for the transformation tests.
import type { Field, Frame } from '../data/frames';

type Column = [name: string, type: string, values: unknown[], labels?: Record<string, string>];

/** A frame from `[name, type, values, labels?]` columns. */
export function frame(columns: Column[], extra: Partial<Frame> = {}): Frame {
  return { ...extra, fields: columns.map(([name, type, values, labels]): Field => ({ name, type, values, labels, config: {} })) };
}

/** A time series frame as TestData's `random_walk` answers it: `time` and one value field. */
export function series(refId: string, name: string, times: number[], values: (number | null)[], labels?: Record<string, string>): Frame {
  return frame(
    [
      ['time', 'time', times],
      [name, 'number', values, labels],
    ],
    { refId },
  );
}

/** Each frame as `[shown name, type, values]` per field (the display name when one is set). */
export function view(frames: Frame[]): [string, string, unknown[]][][] {
  return frames.map((each) => each.fields.map((field) => [field.config.displayName ?? field.name, field.type, field.values]));
}
