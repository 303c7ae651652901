// Running a query variable against its data source, as Grafana's data sources answer
// variable queries: Prometheus's classic functions (`label_names()`, `label_values(...)`,
// `metrics(...)`, `query_result(...)`, a series selector) through the data source's resource
// calls; TestData's metric tree (`*`, `A.*`, `{A,B}.*`, played in the browser as Grafana's
// TestData does); any other data source through `POST /api/ds/query`, its answer read from
// the first frame (`__text`/`__value` fields when present, else every string or number).
import { api } from '../../api/client';
import type { FrontendSettings, QueryResponse } from '../../api/types';
import { framesFromJson, type Frame } from '../../lib/data/frames';
import type { TimeRange } from '../../lib/time/range';
import { resolveDataSource } from '../dashboard/queries';
import type { VariableOption } from './model';

export interface VariableQuery {
  /** The query model (a string or an object), interpolated. */
  query: unknown;
  /** Its text (`query`/`expr`/`rawSql` of an object), interpolated. */
  text: string;
  datasource: { uid: string; type?: string };
  range: TimeRange;
  dashboardUid: string;
}

/** Finds a variable's values; throws with a message for the variables bar. */
export type OptionFetcher = (query: VariableQuery, signal: AbortSignal) => Promise<VariableOption[]>;

const TESTDATA_TYPES = new Set(['grafana-testdata-datasource', 'testdata']);

export const fetchOptions: OptionFetcher = (query, signal) => {
  const type = query.datasource.type;
  if (type && TESTDATA_TYPES.has(type)) return Promise.resolve(metricTree(query.text).map((name) => ({ text: name, value: name })));
  if (type === 'prometheus') return prometheusOptions(query, signal);
  return dsQueryOptions(query, signal);
};

/** The data source a variable queries (`datasource` already interpolated). */
export function variableDataSource(ref: unknown, settings: FrontendSettings): { uid: string; type?: string } | undefined {
  return resolveDataSource(ref as Parameters<typeof resolveDataSource>[0], settings);
}

// TestData's metric tree: A, B, C, each with children AA, AB, AC, and so on, four deep.
const TREE_LETTERS = ['A', 'B', 'C'];
const TREE_DEPTH = 4;

/** The names a TestData variable query selects: dot-separated segments, each `*`, `{A,B}` or
 * a node's name (`A.AB`); a query starting with `value` answers itself. */
export function metricTree(query: string): string[] {
  if (query.startsWith('value')) return [query];
  const segments = query.split('.').map((segment) => segment.trim());
  let level = [''];
  for (const [depth, segment] of segments.entries()) {
    if (depth >= TREE_DEPTH) return [];
    const children = level.flatMap((parent) => TREE_LETTERS.map((letter) => parent + letter));
    const wanted = /^\{(.*)\}$/.exec(segment)?.[1]?.split(',').map((name) => name.trim());
    level = children.filter((name) => segment === '*' || (wanted ? wanted.includes(name) : name === segment));
  }
  return level;
}

function seconds(ms: number, up = false): number {
  return up ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
}

interface PrometheusAnswer<T> {
  status?: string;
  data?: T;
  error?: string;
}

async function prometheusGet<T>(uid: string, path: string, params: [string, string][], signal: AbortSignal): Promise<T> {
  const search = new URLSearchParams(params).toString();
  const answer = await api.dataSourceResource<PrometheusAnswer<T>>(uid, `${path}${search ? `?${search}` : ''}`, signal);
  if (answer.status && answer.status !== 'success') throw new Error(answer.error ?? 'prometheus refused the query');
  return answer.data as T;
}

function labelsText(metric: Record<string, string>): string {
  const { __name__: name = '', ...labels } = metric;
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return `${name}{${pairs.join(',')}}`;
}

const LABEL_VALUES = /^label_values\s*\((?:(.+),\s*)?([a-zA-Z_$][a-zA-Z0-9_.]*)\s*\)\s*$/s;
const LABEL_NAMES = /^label_names\s*\(\s*(.*)\s*\)\s*$/s;
const METRICS = /^metrics\s*\((.*)\)\s*$/s;
const QUERY_RESULT = /^query_result\s*\((.+)\)\s*$/s;

async function prometheusOptions(query: VariableQuery, signal: AbortSignal): Promise<VariableOption[]> {
  const uid = query.datasource.uid;
  const text = query.text.trim();
  const range: [string, string][] = [
    ['start', String(seconds(query.range.from))],
    ['end', String(seconds(query.range.to, true))],
  ];
  const names = (values: string[]) => values.map((value) => ({ text: value, value }));
  let match = LABEL_NAMES.exec(text);
  if (match) {
    const selector = match[1]?.trim();
    return names(await prometheusGet<string[]>(uid, 'api/v1/labels', selector ? [...range, ['match[]', selector]] : range, signal));
  }
  match = LABEL_VALUES.exec(text);
  if (match) {
    const [, selector, label] = match;
    const params: [string, string][] = selector ? [...range, ['match[]', selector.trim()]] : range;
    return names(await prometheusGet<string[]>(uid, `api/v1/label/${encodeURIComponent(label!)}/values`, params, signal));
  }
  match = METRICS.exec(text);
  if (match) {
    const filter = new RegExp(match[1]!.trim());
    const all = await prometheusGet<string[]>(uid, 'api/v1/label/__name__/values', range, signal);
    return names(all.filter((name) => filter.test(name)));
  }
  match = QUERY_RESULT.exec(text);
  if (match) {
    const result = await prometheusGet<{ resultType: string; result: unknown }>(uid, 'api/v1/query', [['query', match[1]!.trim()], ['time', String(seconds(query.range.to))]], signal);
    if (result.resultType === 'scalar' || result.resultType === 'string') {
      const [, value] = result.result as [number, string];
      return names([value]);
    }
    const series = (result.result ?? []) as { metric: Record<string, string>; value?: [number, string] }[];
    return names(series.map((item) => `${labelsText(item.metric)} ${item.value?.[1] ?? ''} ${(item.value?.[0] ?? 0) * 1000}`));
  }
  if (!text) return [];
  const series = await prometheusGet<Record<string, string>[]>(uid, 'api/v1/series', [...range, ['match[]', text]], signal);
  return names(series.map(labelsText));
}

const TEXT_TYPES = new Set(['string', 'number', 'enum', 'boolean']);

/** A frame's options: `__text`/`__value` pairs, else every string or number value. */
export function optionsFromFrame(frame: Frame): VariableOption[] {
  const textField = frame.fields.find((field) => field.name === '__text');
  const valueField = frame.fields.find((field) => field.name === '__value');
  const show = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  if (textField || valueField) {
    const length = (textField ?? valueField)!.values.length;
    return Array.from({ length }, (_, index) => {
      const text = show((textField ?? valueField)!.values[index]);
      return { text, value: valueField ? show(valueField.values[index]) : text };
    });
  }
  return frame.fields
    .filter((field) => TEXT_TYPES.has(field.type))
    .flatMap((field) => field.values.filter((value) => value !== null && value !== undefined).map((value) => ({ text: show(value), value: show(value) })));
}

async function dsQueryOptions(query: VariableQuery, signal: AbortSignal): Promise<VariableOption[]> {
  const refId = 'variable-query';
  const model =
    query.query && typeof query.query === 'object'
      ? { ...(query.query as Record<string, unknown>), refId }
      : { refId, query: query.text, rawSql: query.text, expr: query.text, format: 'table' };
  const response: QueryResponse = await api.query(
    { queries: [{ ...model, datasource: query.datasource, maxDataPoints: 1000, intervalMs: 60_000 }], from: String(query.range.from), to: String(query.range.to), dashboardUID: query.dashboardUid },
    signal,
  );
  const result = response.results?.[refId];
  if (result?.error) throw new Error(result.error);
  if (!result && response.message) throw new Error(response.message);
  const first = result?.frames?.[0];
  return first ? optionsFromFrame(framesFromJson(first, refId)) : [];
}
