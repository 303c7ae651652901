// From a dashboard's annotation queries to events: what kind each query is, the
// `/api/annotations` parameters of Grafana's own source, the `/api/ds/query` body of a data
// source's, reading events out of frames, merging several sources and picking a panel's.
import type { DashboardModel, FrontendSettings, QueryRequest } from '../../api/types';
import { resolveColor } from '../../lib/data/colors';
import { fieldDisplayName, type Field, type Frame } from '../../lib/data/frames';
import { parseDuration, type TimeRange } from '../../lib/time/range';
import { resolveDataSource } from '../dashboard/queries';
import { variableModels } from '../variables/engine';
import { defaultFormatFor, findReferences, interpolate, interpolateModel, type InterpolationContext } from '../variables/interpolate';
import type { VariableStates } from '../variables/model';
import { DEFAULT_ANNOTATION_COLOR, type AnnotationEvent, type AnnotationJson, type AnnotationQuery, type AnnotationSourceKind } from './types';

const GRAFANA_UID = '-- Grafana --';
const DEFAULT_LIMIT = 100;

/** The built-in "Annotations & Alerts", which Grafana adds to every dashboard lacking it. */
export const BUILT_IN_QUERY: AnnotationQuery = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: GRAFANA_UID },
  enable: true,
  hide: true,
  iconColor: DEFAULT_ANNOTATION_COLOR,
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

/** The dashboard's annotation queries, the built-in one first when it has none. */
export function annotationQueries(dashboard: DashboardModel): AnnotationQuery[] {
  const annotations = dashboard.annotations as { list?: unknown } | undefined;
  const list = Array.isArray(annotations?.list) ? (annotations.list.filter((entry) => entry && typeof entry === 'object') as AnnotationQuery[]) : [];
  return list.some((query) => query.builtIn === 1) ? list : [BUILT_IN_QUERY, ...list];
}

function isGrafanaSource(query: AnnotationQuery): boolean {
  const ref = query.datasource;
  if (ref === undefined || ref === null) return query.builtIn === 1;
  if (typeof ref === 'string') return ref === GRAFANA_UID || ref === 'grafana';
  return ref.uid === GRAFANA_UID || ref.uid === 'grafana' || ref.type === 'grafana' || ref.type === 'datasource';
}

/** Which kind of source answers the query. */
export function queryKind(query: AnnotationQuery): AnnotationSourceKind {
  if (!isGrafanaSource(query)) return 'datasource';
  const type = (query.target?.type as string | undefined) ?? query.type;
  return type === 'tags' ? 'tags' : 'dashboard';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** Where a query's `$variables` come from. */
export interface AnnotationContext {
  dashboard: DashboardModel;
  range: TimeRange;
  variables?: VariableStates;
}

function interpolation(context: AnnotationContext): InterpolationContext | undefined {
  const { dashboard, range, variables } = context;
  return variables && { variables, range, dashboard: { uid: dashboard.uid, title: dashboard.title } };
}

/** Tags with their variables filled in; a multi-value variable gives a tag per value. */
export function interpolateTags(tags: string[], context: InterpolationContext | undefined): string[] {
  if (!context) return tags;
  const separator = '\u0000';
  return tags.flatMap((tag) =>
    interpolate(tag, context, (value) => (Array.isArray(value) ? value.join(separator) : String(value)))
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

/** `GET /api/annotations` parameters of a Grafana-source query: this dashboard's
 * annotations (`dashboard`), or every annotation with the query's tags (`tags`). */
export function grafanaAnnotationParams(query: AnnotationQuery, dashboardUid: string, range: TimeRange, variables?: VariableStates): URLSearchParams {
  const kind = queryKind(query);
  const target = query.target ?? {};
  const limit = typeof target.limit === 'number' ? target.limit : typeof query.limit === 'number' ? query.limit : DEFAULT_LIMIT;
  const params = new URLSearchParams({ from: String(Math.floor(range.from)), to: String(Math.ceil(range.to)), limit: String(limit) });
  if (kind === 'tags') {
    const context = variables && { variables, range };
    const tags = interpolateTags(stringList(target.tags ?? query.tags), context);
    for (const tag of tags) params.append('tags', tag);
    if (target.matchAny ?? query.matchAny) params.set('matchAny', 'true');
    params.set('type', 'tags');
  } else {
    params.set('dashboardUID', dashboardUid);
    params.set('type', 'dashboard');
  }
  return params;
}

function queryColor(query: AnnotationQuery): string {
  return resolveColor(query.iconColor, DEFAULT_ANNOTATION_COLOR);
}

/** Events from `/api/annotations` answers. */
export function eventsFromJson(list: AnnotationJson[], query: AnnotationQuery): AnnotationEvent[] {
  const kind = queryKind(query);
  const source = query.name ?? '';
  return list
    .filter((item) => typeof item.time === 'number')
    .map((item) => ({
      key: `api:${item.id}`,
      id: item.id,
      source,
      sourceKind: kind,
      color: queryColor(query),
      time: item.time,
      timeEnd: item.timeEnd && item.timeEnd > item.time ? item.timeEnd : undefined,
      text: item.text ?? '',
      tags: item.tags ?? [],
      login: item.login || undefined,
      email: item.email || undefined,
      avatarUrl: item.avatarUrl || undefined,
      panelId: item.panelId || undefined,
      filter: query.filter,
    }));
}

/** The keys of an annotation query that are not part of the data source's query (older
 * dashboards keep the query itself beside them, e.g. Prometheus' `expr`). */
const ANNOTATION_KEYS = new Set(['name', 'enable', 'hide', 'iconColor', 'builtIn', 'datasource', 'type', 'tags', 'matchAny', 'limit', 'target', 'filter', 'mappings', 'showIn', 'textFormat', 'titleFormat']);

/** The `/api/ds/query` body of a data-source query; `undefined` when its data source is not
 * known. */
export function dataSourceAnnotationRequest(query: AnnotationQuery, options: AnnotationContext & { settings: FrontendSettings }): QueryRequest | undefined {
  const context = interpolation(options);
  const ref = context && typeof query.datasource === 'object' && query.datasource?.uid ? { ...query.datasource, uid: interpolate(query.datasource.uid, context) } : query.datasource;
  const datasource = resolveDataSource(ref, options.settings, options.dashboard.templating);
  if (!datasource) return undefined;
  const legacy = Object.fromEntries(Object.entries(query).filter(([key]) => !ANNOTATION_KEYS.has(key)));
  const raw = query.target ?? legacy;
  const target = context ? interpolateModel(raw, context, defaultFormatFor(datasource.type)) : raw;
  const span = Math.max(options.range.to - options.range.from, 1);
  return {
    queries: [{ ...target, refId: 'Anno', datasource, intervalMs: Math.max(Math.round(span / 1000), 1), maxDataPoints: 1000 }],
    from: String(options.range.from),
    to: String(options.range.to),
    dashboardUID: options.dashboard.uid,
  };
}

function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim()) {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((tag) => tag.trim()).filter(Boolean);
  return [];
}

/** Grafana's default names for each event property, and the query's `mappings`. */
function fieldFor(frame: Frame, query: AnnotationQuery, key: 'time' | 'timeEnd' | 'text' | 'title' | 'tags' | 'id' | 'login', fallbacks: string[]) {
  const mapped = query.mappings?.[key];
  if (mapped?.source === 'skip') return undefined;
  const names = mapped?.value ? [mapped.value] : fallbacks;
  for (const name of names) {
    const field = frame.fields.find((candidate) => candidate.name === name) ?? frame.fields.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (field) return field;
  }
  return undefined;
}

/** `{{label}}` in a title or text format, from the series' labels. */
function labelFormat(format: string, labels: Record<string, string>): string {
  return format.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

function queryOption(query: AnnotationQuery, name: string): string | undefined {
  const value = query.target?.[name] ?? query[name];
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Whether a frame is a time series (time and numbers only) rather than rows of events. */
function isSeriesFrame(frame: Frame): boolean {
  const fields = frame.fields;
  return fields.some((field) => field.type === 'number') && fields.every((field) => (field.type === 'time' || field.type === 'number') && !/^(timeEnd|endTime|time_end)$/i.test(field.name));
}

/** Events from a time series, as Grafana's Prometheus annotations make them: every run of
 * non-zero samples, no more than a step apart, is one event (a region when it spans time);
 * `titleFormat`/`textFormat` write its text from the labels and `tagKeys` names the labels
 * that become tags. The step is the query's `step`, else the series' own smallest gap. */
export function eventsFromSeries(frame: Frame, time: Field, query: AnnotationQuery, keyPrefix: string): AnnotationEvent[] {
  const times = time.values.map(toMillis);
  let smallestGap = Infinity;
  for (let index = 1; index < times.length; index++) {
    const gap = (times[index] ?? NaN) - (times[index - 1] ?? NaN);
    if (gap > 0 && gap < smallestGap) smallestGap = gap;
  }
  const step = parseDuration(queryOption(query, 'step') ?? '') ?? (Number.isFinite(smallestGap) ? smallestGap : 0);
  const titleFormat = queryOption(query, 'titleFormat');
  const textFormat = queryOption(query, 'textFormat');
  const tagKeys = (queryOption(query, 'tagKeys') ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  const events: AnnotationEvent[] = [];
  frame.fields.forEach((field, fieldIndex) => {
    if (field.type !== 'number') return;
    const labels = field.labels ?? {};
    const name = fieldDisplayName(field, frame, 1);
    let run: { start: number; end: number } | undefined;
    const close = () => {
      if (!run) return;
      events.push({
        key: `${keyPrefix}:${fieldIndex}:${run.start}`,
        source: query.name ?? '',
        sourceKind: 'datasource',
        color: queryColor(query),
        time: run.start,
        timeEnd: run.end > run.start ? run.end : undefined,
        title: titleFormat ? labelFormat(titleFormat, labels) : name,
        text: textFormat ? labelFormat(textFormat, labels) : '',
        tags: tagKeys.map((key) => labels[key]).filter((tag): tag is string => Boolean(tag)),
        filter: query.filter,
      });
      run = undefined;
    };
    field.values.forEach((value, row) => {
      const at = times[row];
      if (at === undefined || typeof value !== 'number' || value === 0 || Number.isNaN(value)) {
        close();
        return;
      }
      if (run && at - run.end <= step) run.end = at;
      else {
        close();
        run = { start: at, end: at };
      }
    });
    close();
  });
  return events;
}

/** Events from a data source's frames: a row per event, read from the fields named `time`,
 * `timeEnd`, `text`, `title`, `tags` (or as the query's `mappings` say); `time` falls back to
 * the first time field and `text` to the first string field. A time series (time and
 * numbers only, such as a Prometheus answer) gives its runs of non-zero values instead. */
export function eventsFromFrames(frames: Frame[], query: AnnotationQuery): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  const source = query.name ?? '';
  frames.forEach((frame, frameIndex) => {
    const time = fieldFor(frame, query, 'time', ['time']) ?? frame.fields.find((field) => field.type === 'time');
    if (!time) return;
    if (isSeriesFrame(frame) && !query.mappings) {
      events.push(...eventsFromSeries(frame, time, query, `${source}:${frameIndex}`));
      return;
    }
    const timeEnd = fieldFor(frame, query, 'timeEnd', ['timeEnd', 'endTime', 'time_end']);
    const text = fieldFor(frame, query, 'text', ['text', 'message', 'description']) ?? frame.fields.find((field) => field.type === 'string' && field.name !== 'title' && field.name !== 'tags');
    const title = fieldFor(frame, query, 'title', ['title']);
    const tags = fieldFor(frame, query, 'tags', ['tags']);
    const login = fieldFor(frame, query, 'login', ['login', 'user']);
    time.values.forEach((value, row) => {
      const start = toMillis(value);
      if (start === undefined) return;
      const end = toMillis(timeEnd?.values[row]);
      const user = login?.values[row];
      events.push({
        key: `${source}:${frameIndex}:${row}`,
        source,
        sourceKind: 'datasource',
        color: queryColor(query),
        time: start,
        timeEnd: end !== undefined && end > start ? end : undefined,
        title: typeof title?.values[row] === 'string' ? (title.values[row] as string) : undefined,
        text: text?.values[row] === null || text?.values[row] === undefined ? '' : String(text.values[row]),
        tags: tagsOf(tags?.values[row]),
        login: typeof user === 'string' && user ? user : undefined,
        filter: query.filter,
      });
    });
  });
  return events;
}

/** All sources' events in time order; an annotation two Grafana queries both found (same
 * API id) is kept once, from the first query. */
export function mergeAnnotations(lists: AnnotationEvent[][]): AnnotationEvent[] {
  const seen = new Set<number>();
  const merged: AnnotationEvent[] = [];
  for (const list of lists) {
    for (const event of list) {
      if (event.id !== undefined) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
      }
      merged.push(event);
    }
  }
  return merged.sort((a, b) => a.time - b.time);
}

/** The events a panel shows: a dashboard annotation made on another panel is not one of
 * them, nor is anything the query's panel filter leaves out. */
export function eventsForPanel(events: AnnotationEvent[], panelId: number | undefined): AnnotationEvent[] {
  return events.filter((event) => {
    if (event.sourceKind === 'dashboard' && event.panelId && event.panelId !== panelId) return false;
    const ids = event.filter?.ids;
    if (ids && ids.length > 0) {
      const listed = panelId !== undefined && ids.includes(panelId);
      return event.filter?.exclude ? !listed : listed;
    }
    return true;
  });
}

/**
 * What `queries` read of the dashboard's variables, as one string that changes exactly when
 * a value they refer to changes (the variables engine publishes a new map on every step, most
 * of them changing nothing here); `undefined` while one of those variables is not loaded yet,
 * so the annotations wait instead of loading with a value about to change.
 */
export function annotationVariablesKey(queries: AnnotationQuery[], dashboard: DashboardModel, variables: VariableStates | undefined): string | undefined {
  if (!variables) return '';
  const declared = new Set(variableModels(dashboard.templating).map((model) => model.name));
  const names = new Set<string>();
  const collect = (text: string) => {
    for (const reference of findReferences(text)) if (declared.has(reference.name)) names.add(reference.name);
  };
  collect(JSON.stringify(queries));
  // A custom "All" value may itself refer to other variables.
  for (const name of [...names]) {
    const allValue = variables.get(name)?.model.allValue;
    if (allValue) collect(allValue);
  }
  const parts: [string, string[]][] = [];
  for (const name of [...names].sort()) {
    const state = variables.get(name);
    if (!state || state.loading) return undefined;
    parts.push([name, state.current.all ? state.options.map((option) => option.value) : state.current.values]);
  }
  return JSON.stringify(parts);
}
