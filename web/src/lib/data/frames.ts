// Data frames from `/api/ds/query` (Grafana's frame JSON: a schema of fields and columns of
// values) and the field config rules panels share: panel defaults fill what the data source
// left unset, overrides win, display names as Grafana derives them.
import type { DataFrameJson, FieldConfig, QueryResponse } from '../../api/types';

export interface Field {
  name: string;
  type: string;
  values: unknown[];
  labels?: Record<string, string>;
  config: FieldConfig;
}

export interface Frame {
  name?: string;
  refId?: string;
  fields: Field[];
}

export interface PanelData {
  frames: Frame[];
  /** Per-query error messages by refId. */
  errors: { refId: string; message: string }[];
  /** Panel transformations that could not be applied (`lib/transformations`). */
  notices?: string[];
}

export function framesFromJson(json: DataFrameJson, refId?: string): Frame {
  const schema = json.schema ?? { fields: [] };
  const columns = json.data?.values ?? [];
  return {
    name: schema.name,
    refId: schema.refId ?? refId,
    fields: schema.fields.map((field, index) => ({
      name: field.name,
      type: field.type ?? guessType(columns[index] ?? []),
      values: columns[index] ?? [],
      labels: field.labels,
      config: field.config ?? {},
    })),
  };
}

function guessType(values: unknown[]): string {
  const sample = values.find((value) => value !== null && value !== undefined);
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  return 'string';
}

/** The frames and the per-query errors of a query response. */
export function panelDataFromResponse(response: QueryResponse): PanelData {
  const frames: Frame[] = [];
  const errors: PanelData['errors'] = [];
  for (const [refId, result] of Object.entries(response.results ?? {})) {
    if (result.error) errors.push({ refId, message: result.error });
    for (const frame of result.frames ?? []) frames.push(framesFromJson(frame, refId));
  }
  return { frames, errors };
}

/** The field's config with the panel's defaults and overrides applied; lives in the field
 * config engine (`lib/fieldconfig`), re-exported here for older imports. */
export { resolveFieldConfig } from '../fieldconfig/overrides';

function formatLabels(labels: Record<string, string>): string {
  const name = labels.__name__ ?? '';
  const rest = Object.entries(labels)
    .filter(([key]) => key !== '__name__')
    .map(([key, value]) => `${key}="${value}"`);
  return rest.length ? `${name}{${rest.join(', ')}}` : name;
}

/**
 * Grafana's display name of a field: an explicit display name, else its labels (just the
 * value when there is one label), else the frame's name when the frame has one value field,
 * else the field's name (with the frame's name or refId when several frames would clash).
 */
export function fieldDisplayName(field: Field, frame: Frame, frameCount: number): string {
  if (field.config.displayName) return field.config.displayName;
  if (field.config.displayNameFromDS) return field.config.displayNameFromDS;
  const valueFields = frame.fields.filter((candidate) => candidate.type !== 'time').length;
  const labels = field.labels ?? {};
  const labelKeys = Object.keys(labels);
  if (labelKeys.length === 1) return labels[labelKeys[0]!]!;
  if (labelKeys.length > 1) return formatLabels(labels);
  if (frame.name && valueFields === 1) return frame.name;
  const generic = field.name === '' || /^value$/i.test(field.name);
  if (generic && frameCount > 1) return frame.name ?? frame.refId ?? field.name;
  return field.name || frame.name || frame.refId || 'Value';
}

export function timeField(frame: Frame): Field | undefined {
  return frame.fields.find((field) => field.type === 'time');
}

export function isNumeric(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export interface Series {
  name: string;
  field: Field;
  frame: Frame;
  values: (number | null)[];
}

export interface AlignedSeries {
  times: number[];
  series: Series[];
}

/** A time value as frames carry it (epoch milliseconds, or a date string) in milliseconds. */
export function toTime(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/** Every number field of every frame with a time field, joined on time (an outer join: a
 * series has `null` where it has no point), times ascending. */
export function alignTimeSeries(frames: Frame[]): AlignedSeries {
  const withTime = frames.filter((frame) => timeField(frame));
  const allTimes = new Set<number>();
  for (const frame of withTime) {
    for (const value of timeField(frame)!.values) {
      const time = toTime(value);
      if (time !== null) allTimes.add(time);
    }
  }
  const times = [...allTimes].sort((a, b) => a - b);
  const indexOf = new Map(times.map((time, index) => [time, index]));
  const series: Series[] = [];
  for (const frame of withTime) {
    const frameTimes = timeField(frame)!.values.map(toTime);
    for (const field of frame.fields) {
      if (field.type !== 'number') continue;
      const values = new Array<number | null>(times.length).fill(null);
      field.values.forEach((value, row) => {
        const time = frameTimes[row];
        const index = time === null || time === undefined ? undefined : indexOf.get(time);
        if (index !== undefined) values[index] = isNumeric(value) ? value : null;
      });
      series.push({ name: fieldDisplayName(field, frame, withTime.length), field, frame, values });
    }
  }
  return { times, series };
}
