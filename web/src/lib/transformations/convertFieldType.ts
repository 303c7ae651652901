// `convertFieldType`: the `conversions` (`targetField`, `destinationType`) applied to matching
// fields — to number (text parsed, time as epoch ms, booleans 0/1), string (time formatted as
// ISO or with a basic `dateFormat`), boolean, time (numbers as epoch ms, text parsed) or other.
import type { Field } from '../data/frames';
import { asRecord, asString, displayName, timeValue } from './fields';
import type { Transformer } from './types';

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    const parsed = Number(text);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function toBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const text = String(value).trim().toLowerCase();
  return text === 'true' || text === '1' || text === 'yes';
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A time in a basic moment-style format (`YYYY-MM-DD HH:mm:ss`), UTC; ISO when unset. */
export function formatTime(ms: number, format: string | undefined): string {
  const date = new Date(ms);
  if (!format) return date.toISOString();
  const parts: Record<string, string> = {
    YYYY: String(date.getUTCFullYear()),
    MM: pad(date.getUTCMonth() + 1),
    DD: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
    SSS: pad(date.getUTCMilliseconds(), 3),
  };
  return format.replace(/YYYY|SSS|MM|DD|HH|mm|ss/g, (token) => parts[token] ?? token);
}

function convert(field: Field, type: string, dateFormat: string | undefined): Field {
  const values = field.values;
  switch (type) {
    case 'number':
      return { ...field, type, values: values.map((value) => (field.type === 'time' ? timeValue(value) : toNumber(value))) };
    case 'string':
      return {
        ...field,
        type,
        values: values.map((value) => {
          if (value === null || value === undefined) return null;
          const ms = field.type === 'time' ? timeValue(value) : null;
          return ms !== null ? formatTime(ms, dateFormat) : typeof value === 'object' ? JSON.stringify(value) : String(value);
        }),
      };
    case 'boolean':
      return { ...field, type, values: values.map(toBoolean) };
    case 'time':
      return { ...field, type, values: values.map((value) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : timeValue(value))) };
    case 'other':
      return { ...field, type };
    default:
      return field;
  }
}

export const convertFieldTypeTransformer: Transformer = (frames, options) => {
  const conversions = Array.isArray(options.conversions) ? options.conversions.map(asRecord) : [];
  const valid = conversions.filter((conversion) => asString(conversion.targetField) && asString(conversion.destinationType));
  if (valid.length === 0) return frames;
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => {
      const name = displayName(field, frame, frames);
      return valid.reduce(
        (current, conversion) =>
          conversion.targetField === name || conversion.targetField === field.name ? convert(current, conversion.destinationType as string, asString(conversion.dateFormat)) : current,
        field,
      );
    }),
  }));
};
