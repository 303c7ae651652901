// Log rows from data frames, as Grafana's logs panel reads them: the first time field is the
// timestamp, the `body`/`line` field (else the first string field) the line, labels from a
// `labels` field (an object per row) or the body field's labels, the level from a `level`/
// `severity` field, a level label or the line itself. Rows are merged across frames, sorted
// by time and optionally de-duplicated.
import type { Field, Frame } from '../../lib/data/frames';
import { formatDateTime } from '../../lib/time/zone';

export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 'unknown';

export interface LogRow {
  /** A key unique in the panel. */
  uid: string;
  time: number;
  /** The log line itself. */
  line: string;
  level: LogLevel;
  labels: Record<string, string>;
  /** The row's other fields (such as `id`), shown in the details. */
  fields: Record<string, string>;
  /** How many following rows de-duplication folded into this one (0: none). */
  duplicates: number;
}

/** Grafana's level colours. */
export const LEVEL_COLORS: Record<LogLevel, string> = {
  critical: '#705da0',
  error: '#e24d42',
  warning: '#eab839',
  info: '#7eb26d',
  debug: '#1f78c1',
  trace: '#6ed0e0',
  unknown: '#8e8e8e',
};

const LEVEL_ALIASES: Record<string, LogLevel> = {
  emerg: 'critical', fatal: 'critical', alert: 'critical', crit: 'critical', critical: 'critical',
  err: 'error', eror: 'error', error: 'error',
  warn: 'warning', warning: 'warning',
  info: 'info', information: 'info', informational: 'info', notice: 'info',
  dbug: 'debug', debug: 'debug',
  trace: 'trace',
  // Syslog severities.
  0: 'critical', 1: 'critical', 2: 'critical', 3: 'error', 4: 'warning', 5: 'info', 6: 'info', 7: 'debug',
};

/** A level name (any case, Grafana's aliases, syslog's numbers) as a level; `unknown` for anything else. */
export function levelFromName(name: string | undefined): LogLevel {
  if (!name) return 'unknown';
  return LEVEL_ALIASES[name.trim().toLowerCase()] ?? 'unknown';
}

const LEVEL_IN_LINE = /(?:^|[\s"'[(])(?:level|lvl|severity)"?\s*[=:]\s*"?([a-zA-Z]+)|\b(CRITICAL|CRIT|FATAL|ERROR|ERR|WARNING|WARN|INFO|DEBUG|TRACE)\b/;

/** The level a line states (`level=error`, `lvl=warn`, or a capitalised level word). */
export function levelFromLine(line: string): LogLevel {
  const match = LEVEL_IN_LINE.exec(line);
  if (!match) return 'unknown';
  return levelFromName(match[1] ?? match[2]);
}

function toTime(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? Number(value) : parsed;
  }
  return NaN;
}

function labelsOf(value: unknown): Record<string, string> {
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!object || typeof object !== 'object' || Array.isArray(object)) return {};
  return Object.fromEntries(Object.entries(object as Record<string, unknown>).map(([key, label]) => [key, String(label)]));
}

function bodyField(frame: Frame): Field | undefined {
  const strings = frame.fields.filter((field) => field.type === 'string');
  return strings.find((field) => /^(body|line|message|msg|log)$/i.test(field.name)) ?? strings.find((field) => !/^(id|level|severity|tsNs)$/i.test(field.name)) ?? strings[0];
}

export function isLogFrame(frame: Frame): boolean {
  return frame.fields.some((field) => field.type === 'time') && bodyField(frame) !== undefined;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Every log row of every frame that has a time and a line. */
export function logRows(frames: Frame[]): LogRow[] {
  const rows: LogRow[] = [];
  frames.forEach((frame, frameIndex) => {
    const time = frame.fields.find((field) => field.type === 'time');
    const body = bodyField(frame);
    if (!time || !body) return;
    const labelsField = frame.fields.find((field) => field.name === 'labels' && field.type !== 'string') ?? frame.fields.find((field) => field.name === 'labels');
    const levelField = frame.fields.find((field) => /^(level|severity|detected_level)$/i.test(field.name));
    const idField = frame.fields.find((field) => field.name === 'id');
    const others = frame.fields.filter((field) => field !== time && field !== body && field !== labelsField && field !== levelField && field.name !== 'tsNs');
    for (let index = 0; index < time.values.length; index++) {
      const line = stringify(body.values[index]);
      const labels = { ...(body.labels ?? {}), ...(labelsField ? labelsOf(labelsField.values[index]) : {}) };
      const stated = levelField ? stringify(levelField.values[index]) : (labels.level ?? labels.lvl ?? labels.severity ?? labels.detected_level);
      const level = stated ? levelFromName(stated) : levelFromLine(line);
      const fields: Record<string, string> = {};
      for (const field of others) {
        const value = field.values[index];
        if (value !== null && value !== undefined && value !== '') fields[field.name] = stringify(value);
      }
      rows.push({
        uid: `${frameIndex}_${idField ? stringify(idField.values[index]) : index}`,
        time: toTime(time.values[index]),
        line,
        level: stated && level === 'unknown' ? levelFromLine(line) : level,
        labels,
        fields,
        duplicates: 0,
      });
    }
  });
  return rows;
}

/** Newest first for `Descending` (Grafana's default), oldest first for `Ascending`; rows
 * with equal times keep their order. */
export function sortLogRows(rows: readonly LogRow[], order: 'Descending' | 'Ascending' = 'Descending'): LogRow[] {
  const sign = order === 'Ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.time === b.row.time ? a.index - b.index : (a.row.time - b.row.time) * sign))
    .map(({ row }) => row);
}

export type DedupStrategy = 'none' | 'exact' | 'numbers' | 'signature';

/** What two lines are compared by under a strategy. */
function dedupKey(line: string, strategy: DedupStrategy): string {
  switch (strategy) {
    case 'numbers':
      return line.replace(/\d+(?:\.\d+)?/g, '0');
    case 'signature':
      return line.replace(/[\p{L}\p{N}]/gu, '');
    default:
      return line;
  }
}

/** Folds each run of neighbouring rows with the same line (under `strategy`) into its first
 * row, counting the folded ones in `duplicates`. */
export function dedupLogRows(rows: readonly LogRow[], strategy: DedupStrategy = 'none'): LogRow[] {
  if (strategy === 'none') return [...rows];
  const out: LogRow[] = [];
  let previousKey: string | undefined;
  for (const row of rows) {
    const key = dedupKey(row.line, strategy);
    const last = out[out.length - 1];
    if (last && key === previousKey && last.level === row.level) {
      out[out.length - 1] = { ...last, duplicates: last.duplicates + 1 };
      continue;
    }
    out.push({ ...row, duplicates: 0 });
    previousKey = key;
  }
  return out;
}

/** Labels every row shares (shown once above the rows in Grafana), and what is left per row. */
export function commonLabels(rows: readonly LogRow[]): Record<string, string> {
  if (rows.length === 0) return {};
  const common = { ...rows[0]!.labels };
  for (const row of rows) {
    for (const [key, value] of Object.entries(common)) if (row.labels[key] !== value) delete common[key];
  }
  return common;
}

/** `2024-05-01 10:00:00.123` in the dashboard's time zone (the browser's by default), as
 * Grafana shows log times. */
export function formatLogTime(ms: number, zone?: string): string {
  if (!Number.isFinite(ms)) return '';
  const millisecond = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  return `${formatDateTime(ms, zone)}.${millisecond}`;
}
