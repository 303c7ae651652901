// What the inspect drawer shows, without React: frames as rows of cells, CSV as Grafana's
// "Download CSV" writes it, and the stats of the last query.
import type { PanelModel, QueryRequest, QueryResponse } from '../../api/types';
import { alignTimeSeries, fieldDisplayName, resolveFieldConfig, timeField, type Frame } from '../../lib/data/frames';
import { formatTooltipTime } from '../../lib/time/axis';
import { formatValue, formattedToString } from '../../lib/units/format';

export type InspectTab = 'data' | 'query' | 'json';

export const INSPECT_TABS: { id: InspectTab; text: string }[] = [
  { id: 'data', text: 'Data' },
  { id: 'query', text: 'Query' },
  { id: 'json', text: 'Panel JSON' },
];

export function inspectTab(value: string | null): InspectTab {
  return value === 'query' || value === 'json' ? value : 'data';
}

/** What a frame is called in the frame selector. */
export function frameLabel(frame: Frame, index: number): string {
  const valueNames = frame.fields.filter((field) => field.type !== 'time').map((field) => fieldDisplayName(field, frame, 1));
  const name = frame.name || valueNames.join(', ') || `Frame ${index + 1}`;
  return frame.refId ? `${name} (${frame.refId})` : name;
}

/** Every frame's series on one time column (an outer join), as Grafana's "Series joined by
 * time"; `undefined` unless at least two frames have a time field. */
export function joinByTime(frames: Frame[]): Frame | undefined {
  if (frames.filter((frame) => timeField(frame)).length < 2) return undefined;
  const aligned = alignTimeSeries(frames);
  return {
    name: 'Series joined by time',
    fields: [
      { name: 'Time', type: 'time', values: aligned.times, config: {} },
      ...aligned.series.map((series) => ({ ...series.field, values: series.values, config: { ...series.field.config, displayName: series.name } })),
    ],
  };
}

export function columnNames(frame: Frame, frameCount: number): string[] {
  return frame.fields.map((field) => fieldDisplayName(field, frame, frameCount));
}

export function rowCount(frame: Frame): number {
  return frame.fields.reduce((longest, field) => Math.max(longest, field.values.length), 0);
}

/** How a number column is written when formatted: with its unit and decimals. */
export type NumberFormat = (value: number) => string;

/** Per field, the number format the panel's field config gives it (units, decimals). */
export function numberFormats(frame: Frame, fieldConfig: PanelModel['fieldConfig'], frameCount = 1): (NumberFormat | undefined)[] {
  return frame.fields.map((field) => {
    if (field.type !== 'number') return undefined;
    const config = resolveFieldConfig(field, frame, fieldDisplayName(field, frame, frameCount), fieldConfig);
    const decimals = typeof config.decimals === 'number' ? config.decimals : undefined;
    return (value) => formattedToString(formatValue(value, config.unit, decimals));
  });
}

/** One cell as text: when `formatted`, times as local date-times and numbers in their
 * format; otherwise as the data source sent it. */
export function cellText(value: unknown, fieldType: string, formatted: boolean, format?: NumberFormat, zone?: string): string {
  if (value === null || value === undefined) return '';
  if (formatted && format && typeof value === 'number' && Number.isFinite(value)) return format(value);
  if (fieldType === 'time' && formatted) {
    const ms = typeof value === 'number' ? value : Date.parse(String(value));
    if (!Number.isFinite(ms)) return String(value);
    return zone ? formatTooltipTime(ms, zone) : formatTooltipTime(ms);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The frame's cells, row by row. */
export function frameRows(frame: Frame, formatted: boolean, limit = Infinity, formats: (NumberFormat | undefined)[] = [], zone?: string): string[][] {
  const count = Math.min(rowCount(frame), limit);
  const rows: string[][] = [];
  for (let row = 0; row < count; row++) {
    rows.push(frame.fields.map((field, column) => cellText(field.values[row], field.type, formatted, formats[column], zone)));
  }
  return rows;
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header of display names and CRLF line ends. */
export function frameToCsv(frame: Frame, options: { formatted: boolean; frameCount?: number; formats?: (NumberFormat | undefined)[]; zone?: string }): string {
  const lines = [columnNames(frame, options.frameCount ?? 1), ...frameRows(frame, options.formatted, Infinity, options.formats, options.zone)];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A file name for a download: the panel title and the time, like Grafana's. */
export function csvFileName(title: string | undefined, now: Date): string {
  const base = (title || 'data').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'data';
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
  return `${base}-data-${stamp}.csv`;
}

export interface QueryStats {
  frames: number;
  rows: number;
  /** Milliseconds from sending the request to reading the answer. */
  requestTime?: number;
}

export function queryStats(frames: Frame[], requestTime?: number): QueryStats {
  return { frames: frames.length, rows: frames.reduce((total, frame) => total + rowCount(frame), 0), requestTime };
}

/** The last round trip of a panel's query, kept for the Query tab. */
export interface QueryTrace {
  request?: QueryRequest;
  response?: QueryResponse;
  /** Milliseconds the request took. */
  requestTime?: number;
  error?: string;
}
