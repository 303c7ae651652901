// From a panel to a `/api/ds/query` request: each visible target with its data source
// resolved (`{uid, type}`, a legacy name, a `$variable` or nothing for the default), the
// dashboard's variables (and a repeated clone's scoped value) interpolated into it in the
// data source's default format, Grafana's `intervalMs` and `maxDataPoints`, and the time
// range as epoch milliseconds.
import type { DashboardModel, DataSourceRef, DataSourceSettings, FrontendSettings, PanelModel, PanelTarget, QueryRequest } from '../../api/types';
import { calculateInterval, type TimeRange } from '../../lib/time/range';
import { browserTimeZone } from '../../lib/time/zone';
import { defaultFormatFor, interpolate, interpolateModel, type DefaultFormat, type InterpolationContext } from '../variables/interpolate';
import type { VariableStates } from '../variables/model';

export const MIXED_UID = '-- Mixed --';
const DASHBOARD_UID = '-- Dashboard --';
const EXPRESSION_UID = '__expr__';

export class PanelQueryError extends Error {}

type Variables = DashboardModel['templating'];

function variableValue(name: string, templating: Variables): string | undefined {
  const variable = templating?.list?.find((candidate) => candidate.name === name);
  const value = variable?.current?.value;
  if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
  return value === undefined || value === null ? undefined : String(value);
}

/** `$name`, `${name}` or `[[name]]` → `name`. */
function variableName(text: string): string | undefined {
  return /^\$\{([^}:]+)(?::[^}]*)?\}$|^\$(\w+)$|^\[\[(\w+)\]\]$/.exec(text)?.slice(1).find(Boolean);
}

function byUidOrName(key: string, settings: FrontendSettings): DataSourceSettings | undefined {
  const all = Object.values(settings.datasources);
  return settings.datasources[key] ?? all.find((candidate) => candidate.uid === key);
}

/** The data source a reference names; `undefined` means "not known here" (the server will
 * say what is wrong). */
export function resolveDataSource(ref: DataSourceRef, settings: FrontendSettings, templating?: Variables): { uid: string; type?: string } | undefined {
  if (ref === null || ref === undefined || ref === '' || (typeof ref === 'object' && !ref.uid && !ref.type)) {
    const fallback = byUidOrName(settings.defaultDatasource, settings);
    return fallback && { uid: fallback.uid, type: fallback.type };
  }
  const key = typeof ref === 'string' ? ref : ref.uid;
  if (key === undefined) {
    // `{type}` only: the first data source of that type, as Grafana picks it.
    const ofType = Object.values(settings.datasources).find((candidate) => candidate.type === (ref as { type?: string }).type);
    return ofType && { uid: ofType.uid, type: ofType.type };
  }
  const variable = variableName(key);
  if (variable) {
    const value = variableValue(variable, templating);
    return value === undefined || value === 'default' ? resolveDataSource(null, settings) : resolveDataSource(value, settings, undefined);
  }
  const known = byUidOrName(key, settings);
  if (known) return { uid: known.uid, type: known.type };
  return typeof ref === 'string' ? { uid: ref } : { uid: key, type: ref.type };
}

export interface QueryOptions {
  dashboard: DashboardModel;
  settings: FrontendSettings;
  range: TimeRange;
  /** The panel's width in pixels: Grafana's default `maxDataPoints`. */
  width: number;
  /** The dashboard's variables; without them only data source variables are resolved, from
   * the saved `current`. */
  variables?: VariableStates;
}

/** The dashboard's time zone as `$__timezone` writes it: the range's (the URL's `timezone`,
 * else the dashboard's), the browser's IANA name for `browser`. */
function timezoneOf(dashboard: DashboardModel, range: TimeRange): string {
  const zone = range.timeZone ?? dashboard.timezone;
  if (!zone || zone === 'browser') return browserTimeZone();
  return zone;
}

/** What a panel's strings are interpolated with. */
export function panelInterpolation(panel: PanelModel, dashboard: DashboardModel, variables: VariableStates, range: TimeRange): InterpolationContext {
  return { variables, scopedVars: panel.scopedVars, range, dashboard: { uid: dashboard.uid, title: dashboard.title }, timezone: timezoneOf(dashboard, range) };
}

/** A data source variable names one data source: the first of several values. */
const firstValue: DefaultFormat = (value) => (Array.isArray(value) ? (value[0] ?? '') : String(value));

/** A data source reference with variables in its uid (or legacy name) interpolated. */
function interpolateRef(ref: DataSourceRef, context: InterpolationContext): DataSourceRef {
  if (typeof ref === 'string') return interpolate(ref, context, firstValue);
  if (ref && typeof ref === 'object' && ref.uid) return { ...ref, uid: interpolate(ref.uid, context, firstValue) };
  return ref;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function isExpressionTarget(target: PanelTarget): boolean {
  const ref = target.datasource;
  return typeof ref === 'object' && ref !== null && (ref.uid === EXPRESSION_UID || ref.type === EXPRESSION_UID);
}

/** The request for a panel, or `undefined` when it has nothing to query. */
export function buildPanelQuery(panel: PanelModel, options: QueryOptions): QueryRequest | undefined {
  const { dashboard, settings, range, variables } = options;
  const all = (panel.targets ?? []).map((target, index) => ({ target, index }));
  // As Grafana's: with expressions, hidden queries are sent too (an expression may read them)
  // and the server leaves their results out; without, they are not sent.
  const targets = all.some(({ target }) => isExpressionTarget(target)) ? all : all.filter(({ target }) => !target.hide);
  if (targets.length === 0) return undefined;
  const context = variables && panelInterpolation(panel, dashboard, variables, range);
  const refOf = (ref: DataSourceRef) => (context ? interpolateRef(ref, context) : ref);
  const panelSource = resolveDataSource(refOf(panel.datasource), settings, dashboard.templating);
  if (panelSource?.uid === DASHBOARD_UID) {
    throw new PanelQueryError('the -- Dashboard -- data source is not supported yet');
  }
  const mixed = panelSource?.uid === MIXED_UID;
  const maxDataPoints = panel.maxDataPoints && panel.maxDataPoints > 0 ? panel.maxDataPoints : Math.max(100, Math.round(options.width));
  const minInterval = panel.interval && context ? interpolate(panel.interval, context) : panel.interval;
  const intervalMs = calculateInterval(range, maxDataPoints, minInterval);
  const queries = targets.map(({ target, index }) => {
    const targetRef = target.datasource;
    const isExpression = isExpressionTarget(target);
    let datasource: { uid: string; type?: string } | undefined;
    if (isExpression) datasource = { uid: EXPRESSION_UID, type: EXPRESSION_UID };
    else if (mixed || !panelSource) datasource = resolveDataSource(refOf(targetRef), settings, dashboard.templating);
    else datasource = panelSource;
    if (!datasource) throw new PanelQueryError('no data source: the panel names none and the org has no default');
    // Expressions refer to queries as `$A`: never interpolated. Prometheus computes
    // `$__interval` from its step on the server.
    const model =
      context && !isExpression
        ? interpolateModel(target, { ...context, intervalMs: datasource.type === 'prometheus' ? undefined : intervalMs }, defaultFormatFor(datasource.type))
        : target;
    return {
      ...model,
      refId: target.refId || REF_IDS[index % REF_IDS.length]!,
      datasource,
      intervalMs,
      maxDataPoints,
    };
  });
  return { queries, from: String(range.from), to: String(range.to), dashboardUID: dashboard.uid };
}
