// The variable formats of `${var:format}` (Grafana's format registry): how a value is
// written for a query language. The quoting formats escape so that no value can leave the
// literal they write (stricter than Grafana where Grafana lets a value close its quotes), the
// same rules as the server's interpolation (`sightline_query::interpolate`):
// - `singlequote`, `doublequote`: backslashes are escaped too;
// - `sqlstring`: `'` doubled, `\` and `"` backslash-escaped (MySQL reads backslash escapes);
// - `json`: a single value is a JSON string.

/** A value as a format receives it: one text, several (multi-value or "All"), or a number
 * (built-ins such as `$__from`). */
export type FormatValue = string | string[] | number;

/** What a format knows of the variable it writes. */
export interface FormatContext {
  name: string;
  /** The value's text: option texts joined by ` + `, `All`, a date. */
  text: string;
  multi: boolean;
  includeAll: boolean;
  /** "All" is selected. */
  allSelected: boolean;
}

export const FORMAT_IDS = [
  'glob',
  'csv',
  'pipe',
  'raw',
  'regex',
  'lucene',
  'json',
  'sqlstring',
  'singlequote',
  'doublequote',
  'percentencode',
  'queryparam',
  'customqueryparam',
  'text',
  'distributed',
  'html',
  'date',
  'join',
] as const;

export type FormatId = (typeof FORMAT_IDS)[number];

export function isFormatId(id: string): id is FormatId {
  return (FORMAT_IDS as readonly string[]).includes(id);
}

const REGEX_SPECIALS = /[\\^$*+?.()|[\]{}/]/g;

/** A pattern matching exactly `value` (JavaScript, RE2, PCRE alike). */
export function escapeRegex(value: string): string {
  return value.replace(REGEX_SPECIALS, '\\$&');
}

const LUCENE_SPECIALS = /[!*+\-=<>&|()[\]{}^~?:\\/"\s]/g;

/** Lucene query syntax escaped; a number is left as it is, as in Grafana. */
export function escapeLucene(value: string): string {
  if (value === '' || isJsNumber(value)) return value;
  return value.replace(LUCENE_SPECIALS, '\\$&');
}

/** Whether `Number(value)` is a number for a value without surrounding whitespace. */
export function isJsNumber(value: string): boolean {
  if (value !== value.trim() || value === '') return false;
  return !Number.isNaN(Number(value)) && !/^[+-]0[xob]/i.test(value);
}

/** A SQL string literal that no value can close early. */
export function sqlString(value: string): string {
  return `'${value.replace(/[\\'"]/g, (c) => (c === "'" ? "''" : `\\${c}`))}'`;
}

/** `value` between `quote`s, the quote and `\` backslash-escaped. */
export function backslashQuoted(value: string, quote: "'" | '"'): string {
  return `${quote}${value.replace(quote === "'" ? /[\\']/g : /[\\"]/g, '\\$&')}${quote}`;
}

/** `encodeURIComponent`, also encoding `!'()*`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>'"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' })[c] ?? c);
}

function plain(value: FormatValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function each(value: FormatValue, quote: (text: string) => string): string {
  return Array.isArray(value) ? value.map(quote).join(',') : quote(String(value));
}

/** Writes `value` in format `id`, with the format's arguments (`date:seconds` → `['seconds']`). */
export function applyFormat(id: FormatId, value: FormatValue, args: string[], context: FormatContext): string {
  switch (id) {
    case 'glob':
      return Array.isArray(value) && value.length > 1 ? `{${value.join(',')}}` : plain(value);
    case 'csv':
    case 'raw':
      return plain(value);
    case 'pipe':
      return Array.isArray(value) ? value.join('|') : plain(value);
    case 'regex':
      if (!Array.isArray(value)) return escapeRegex(String(value));
      return value.length === 1 ? escapeRegex(value[0]!) : `(${value.map(escapeRegex).join('|')})`;
    case 'lucene':
      if (!Array.isArray(value)) return escapeLucene(String(value));
      return value.length === 0 ? '__empty__' : `(${value.map((v) => `"${escapeLucene(v)}"`).join(' OR ')})`;
    case 'json':
      return JSON.stringify(value);
    case 'sqlstring':
      return each(value, sqlString);
    case 'singlequote':
      return each(value, (v) => backslashQuoted(v, "'"));
    case 'doublequote':
      return each(value, (v) => backslashQuoted(v, '"'));
    case 'percentencode':
      return percentEncode(Array.isArray(value) ? `{${value.join(',')}}` : String(value));
    case 'queryparam':
      if (context.allSelected) return `var-${context.name}=${'$__all'}`;
      return (Array.isArray(value) ? value : [String(value)]).map((v) => `var-${context.name}=${percentEncode(v)}`).join('&');
    case 'customqueryparam': {
      const name = percentEncode(args[0] || context.name);
      const prefix = percentEncode(args[1] ?? '');
      return (Array.isArray(value) ? value : [String(value)]).map((v) => `${name}=${prefix}${percentEncode(v)}`).join('&');
    }
    case 'text':
      return context.text;
    case 'distributed':
      return Array.isArray(value) ? value.map((v, index) => (index === 0 ? v : `${context.name}=${v}`)).join(',') : plain(value);
    case 'html':
      return escapeHtml(Array.isArray(value) ? value.join(', ') : String(value));
    case 'date':
      return formatDate(value, args);
    case 'join':
      return Array.isArray(value) ? value.join(args[0] ?? ',') : plain(value);
  }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The `date` format: epoch milliseconds as `iso` (default), `seconds`, `ms`, or a
 * moment.js-style pattern (`YYYY-MM-DD HH:mm:ss`) in the browser's time zone. */
function formatDate(value: FormatValue, args: string[]): string {
  const millis = typeof value === 'number' ? value : parseInt(plain(value), 10);
  if (Number.isNaN(millis)) return 'NaN';
  const pattern = args.join(':');
  if (pattern === '' || pattern === 'iso') return new Date(millis).toISOString();
  if (pattern === 'ms') return String(millis);
  if (pattern === 'seconds') return String(Math.round(millis / 1000));
  const date = new Date(millis);
  const offset = -date.getTimezoneOffset();
  const zone = (separator: string) => `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}${separator}${pad(Math.abs(offset) % 60)}`;
  const tokens: Record<string, () => string> = {
    YYYY: () => String(date.getFullYear()),
    YY: () => pad(date.getFullYear() % 100),
    MM: () => pad(date.getMonth() + 1),
    M: () => String(date.getMonth() + 1),
    DD: () => pad(date.getDate()),
    D: () => String(date.getDate()),
    HH: () => pad(date.getHours()),
    H: () => String(date.getHours()),
    hh: () => pad(date.getHours() % 12 || 12),
    h: () => String(date.getHours() % 12 || 12),
    mm: () => pad(date.getMinutes()),
    m: () => String(date.getMinutes()),
    ss: () => pad(date.getSeconds()),
    s: () => String(date.getSeconds()),
    SSS: () => pad(date.getMilliseconds(), 3),
    A: () => (date.getHours() < 12 ? 'AM' : 'PM'),
    a: () => (date.getHours() < 12 ? 'am' : 'pm'),
    ZZ: () => zone(''),
    Z: () => zone(':'),
    X: () => String(Math.floor(millis / 1000)),
    x: () => String(millis),
  };
  return pattern.replace(/\[([^\]]*)\]|YYYY|YY|SSS|MM|DD|HH|hh|mm|ss|ZZ|[MDHhmsAaZXx]/g, (token, literal: string | undefined) => literal ?? tokens[token]!());
}
