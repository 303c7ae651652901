// Template interpolation in the browser, as Grafana's frontend does it before a query is sent:
// `$var`, `${var}`, `[[var]]`, `${var:format}`, `[[var:format]]`, `${var.text}`, with a
// repeated panel's scoped values first, then the dashboard's variables, then the built-ins
// the browser resolves (`$__interval`, `$__interval_ms` — except for Prometheus, whose
// server computes them from the step —, `$__from`, `$__to`, `${__dashboard}`,
// `$__timezone`). Everything else (`$__rate_interval`, `$__range`, `$__user`, SQL macros,
// unknown names) is left as written for the server.
//
// - A reference without a format uses the data source's default (`defaultFormatFor`):
//   PromQL strings and regex alternations for Prometheus, quoted literals for SQL, `glob`
//   otherwise.
// - "All" stands for every option, or for the custom `allValue`, which is inserted
//   unformatted (its own references interpolated), except that `text` writes `All`,
//   `percentencode` encodes it and `queryparam` writes `var-x=$__all`.
// - Text that replaced a reference is never read again, so a value `${secret}` stays.
import { roundInterval, type TimeRange } from '../../lib/time/range';
import { applyFormat, escapeRegex, isFormatId, type FormatContext, type FormatValue } from './formats';
import { ALL_TEXT, ALL_VALUE, AUTO_VALUE, type ScopedVars, type VariableState, type VariableStates } from './model';

export interface Reference {
  /** As written; put back when the name is unknown. */
  raw: string;
  name: string;
  fieldPath?: string;
  /** The format with its arguments, `date:YYYY-MM` say. */
  format?: string;
}

// `$name` | `${name[.path][:format]}` | `[[name[:format]]]`, Grafana's VARIABLE_REGEX.
const REFERENCE = /\$(\w+)|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}|\[\[(\w+)(?::(\w+))?\]\]/g;

/** Every reference in `template`, left to right. */
export function findReferences(template: string): Reference[] {
  return [...template.matchAll(REFERENCE)].map(toReference);
}

function toReference(match: RegExpExecArray | RegExpMatchArray): Reference {
  const [raw, plainName, bracedName, fieldPath, bracedFormat, bracketName, bracketFormat] = match;
  return { raw, name: (plainName ?? bracedName ?? bracketName)!, fieldPath, format: bracedFormat ?? bracketFormat };
}

/** Copies `template`, each reference replaced by what `replace` returns (as written when it
 * returns `undefined`). */
export function replaceReferences(template: string, replace: (reference: Reference) => string | undefined): string {
  return template.replace(REFERENCE, (...match) => {
    const reference = toReference(match as unknown as RegExpExecArray);
    return replace(reference) ?? reference.raw;
  });
}

/** What interpolation reads. */
export interface InterpolationContext {
  variables: VariableStates;
  scopedVars?: ScopedVars;
  range?: TimeRange;
  /** The panel's query interval (`$__interval`), when the caller resolves it. */
  intervalMs?: number;
  dashboard?: { uid: string; title: string };
  timezone?: string;
}

/** How a reference without a format is written. */
export type DefaultFormat = (value: FormatValue, context: FormatContext) => string;

export const globFormat: DefaultFormat = (value, context) => applyFormat('glob', value, [], context);

/** Grafana's milliseconds → `1m`, `30s`, `2h`: the largest whole unit. */
export function formatInterval(ms: number): string {
  const units: [string, number][] = [
    ['y', 31_536_000_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) {
    const count = Math.floor(ms / size);
    if (count >= 1) return `${count}${unit}`;
  }
  return `${Math.max(0, Math.round(ms))}ms`;
}

/** The value of an interval variable's "auto": the range split in `auto_count` steps
 * (Grafana's interval rounding), never below `auto_min`. */
export function autoInterval(range: { from: number; to: number }, count = 30, min = '10s'): string {
  const floor = parseIntervalMs(min) ?? 10_000;
  return formatInterval(Math.max(roundInterval((range.to - range.from) / Math.max(1, count)), floor));
}

function parseIntervalMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(text.trim());
  if (!match) return undefined;
  const sizes: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  return Number(match[1]) * sizes[match[2]!]!;
}

const MAX_NESTING = 8;

type Resolved =
  | { kind: 'value'; value: FormatValue; context: FormatContext }
  | { kind: 'customAll'; allValue: string; context: FormatContext }
  | { kind: 'nothing' };

function contextFor(name: string, text: string, state?: VariableState): FormatContext {
  return { name, text, multi: Boolean(state?.model.multi), includeAll: Boolean(state?.model.includeAll), allSelected: false };
}

/** The value a variable stands for (interval "auto" resolved against the range). */
function currentValue(state: VariableState, context: InterpolationContext): { value: FormatValue; text: string } {
  const { current, model } = state;
  if (model.type === 'interval' && current.values[0] === AUTO_VALUE) {
    const value = context.range ? autoInterval(context.range, model.auto_count, model.auto_min) : AUTO_VALUE;
    return { value, text: value };
  }
  const text = current.texts.join(' + ');
  if (model.multi) return { value: [...current.values], text };
  return { value: current.values[0] ?? '', text };
}

function resolveVariable(reference: Reference, context: InterpolationContext): Resolved | undefined {
  const { name, fieldPath } = reference;
  const state = context.variables.get(name);
  const scoped = context.scopedVars?.[name];
  if (scoped) {
    if (fieldPath) return fieldPath === 'text' ? { kind: 'value', value: scoped.text, context: contextFor(name, scoped.text, state) } : fieldPath === 'value' ? { kind: 'value', value: scoped.value, context: contextFor(name, scoped.text, state) } : { kind: 'nothing' };
    return { kind: 'value', value: scoped.value, context: contextFor(name, scoped.text, state) };
  }
  if (!state) return undefined;
  if (fieldPath) {
    const { value, text } = currentValue(state, context);
    if (fieldPath === 'text') return { kind: 'value', value: text, context: contextFor(name, text, state) };
    if (fieldPath === 'value') return { kind: 'value', value, context: contextFor(name, text, state) };
    return { kind: 'nothing' };
  }
  if (state.current.all) {
    const formatContext = { ...contextFor(name, ALL_TEXT, state), allSelected: true };
    if (state.model.allValue) return { kind: 'customAll', allValue: state.model.allValue, context: formatContext };
    return { kind: 'value', value: state.options.map((option) => option.value), context: formatContext };
  }
  const { value, text } = currentValue(state, context);
  return { kind: 'value', value, context: contextFor(name, text, state) };
}

function resolveBuiltin(reference: Reference, context: InterpolationContext): Resolved | undefined {
  const { name, fieldPath } = reference;
  const text = (value: string): Resolved => ({ kind: 'value', value, context: contextFor(name, value) });
  const number = (value: number): Resolved => ({ kind: 'value', value, context: contextFor(name, String(value)) });
  switch (name) {
    case '__interval':
      return context.intervalMs === undefined ? undefined : text(formatInterval(context.intervalMs));
    case '__interval_ms':
      return context.intervalMs === undefined ? undefined : number(context.intervalMs);
    case '__from':
    case '__to': {
      if (!context.range) return undefined;
      const millis = name === '__from' ? context.range.from : context.range.to;
      return { kind: 'value', value: millis, context: contextFor(name, new Date(millis).toISOString()) };
    }
    case '__dashboard':
      if (!context.dashboard) return undefined;
      if (!fieldPath || fieldPath === 'name') return text(context.dashboard.title);
      if (fieldPath === 'uid') return text(context.dashboard.uid);
      return { kind: 'nothing' };
    case '__timezone':
      return context.timezone === undefined ? undefined : text(context.timezone);
    default:
      return undefined;
  }
}

function render(template: string, context: InterpolationContext, defaultFormat: DefaultFormat, depth: number): string {
  return replaceReferences(template, (reference) => {
    const resolved = resolveVariable(reference, context) ?? resolveBuiltin(reference, context);
    if (!resolved) return undefined;
    const [formatId = undefined, ...args] = reference.format?.split(':') ?? [];
    const format = formatId === undefined ? undefined : isFormatId(formatId) ? formatId : 'glob';
    switch (resolved.kind) {
      case 'nothing':
        return '';
      case 'value':
        return format ? applyFormat(format, resolved.value, args, resolved.context) : defaultFormat(resolved.value, resolved.context);
      case 'customAll':
        if (format === 'text') return ALL_TEXT;
        if (format === 'percentencode') return applyFormat('percentencode', resolved.allValue, [], resolved.context);
        if (format === 'queryparam') return `var-${resolved.context.name}=${ALL_VALUE}`;
        if (depth >= MAX_NESTING) return resolved.allValue;
        return render(resolved.allValue, context, globFormat, depth + 1);
    }
  });
}

/** `template` with its references replaced; those without a format in `defaultFormat`. */
export function interpolate(template: string, context: InterpolationContext, defaultFormat: DefaultFormat = globFormat): string {
  return render(template, context, defaultFormat, 0);
}

/** Writes the selection's text (`web-1 + web-2`, `All`, an option's text). */
export const textFormat: DefaultFormat = (value, context) => applyFormat('text', value, [], context);

/** Text for people (panel and row titles): references without a format write the
 * selection's text, as Grafana's titles do. */
export function interpolateText(template: string | undefined, context: InterpolationContext): string {
  if (!template || (!template.includes('$') && !template.includes('[['))) return template ?? '';
  return interpolate(template, context, textFormat);
}

const promqlString = (value: string) => value.replace(/[\\"']/g, '\\$&');

function sqlDefault(backslashEscapes: boolean): DefaultFormat {
  return (value, context) => {
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string' && !context.multi && !context.includeAll) {
      const doubled = value.replace(/'/g, "''");
      return backslashEscapes ? doubled.replace(/\\/g, '\\\\') : doubled;
    }
    return applyFormat('sqlstring', value, [], context);
  };
}

/** A single value for inside a PromQL string (`\`, `"`, `'` escaped); several values, or a
 * multi-value variable's one value, as an escaped regex alternation for `=~`. */
const promqlDefault: DefaultFormat = (value, context) => {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && !context.multi && !context.includeAll) return promqlString(value);
  const values = Array.isArray(value) ? value : [value];
  const escaped = values.map((item) => promqlString(escapeRegex(item)));
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
};

const SQL_TYPES: Record<string, boolean> = {
  mysql: true,
  'grafana-mysql-datasource': true,
  postgres: false,
  'grafana-postgresql-datasource': false,
  sqlite: false,
  'frser-sqlite-datasource': false,
  mssql: false,
  'grafana-mssql-datasource': false,
};

/** The default format of a data source type, as its `interpolateVariable` hook writes. */
export function defaultFormatFor(type: string | undefined): DefaultFormat {
  if (type === 'prometheus') return promqlDefault;
  if (type !== undefined && type in SQL_TYPES) return sqlDefault(SQL_TYPES[type]!);
  return globFormat;
}

/** Keys of a query model that say which query and data source it is: never interpolated. */
const STRUCTURAL_KEYS = new Set(['refId', 'datasource', 'datasourceId']);

/** Every string of a query model (at any depth) interpolated, but its structural keys. */
export function interpolateModel<T extends Record<string, unknown>>(model: T, context: InterpolationContext, defaultFormat: DefaultFormat): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value.includes('$') || value.includes('[[') ? interpolate(value, context, defaultFormat) : value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    }
    return value;
  };
  return Object.fromEntries(Object.entries(model).map(([key, value]) => [key, STRUCTURAL_KEYS.has(key) ? value : walk(value)])) as T;
}

/** The names of the dashboard variables `text` refers to. */
export function referencedNames(text: string, variables: VariableStates): Set<string> {
  const names = new Set<string>();
  for (const reference of findReferences(text)) if (variables.has(reference.name)) names.add(reference.name);
  return names;
}
