// How variables get their options and values, without React: the initial state (URL, else
// the saved `current`), which variable depends on which (a reference to another variable in
// its query, regex or data source), the order they refresh in (dependencies first), and the
// refresh itself — options found, filtered and sorted, the selection checked against them.
import type { FrontendSettings } from '../../api/types';
import type { TimeRange } from '../../lib/time/range';
import { applyFormat } from './formats';
import { defaultFormatFor, findReferences, interpolate, interpolateModel, type DefaultFormat, type InterpolationContext } from './interpolate';
import {
  AUTO_VALUE,
  REFRESH_NEVER,
  REFRESH_ON_TIME_RANGE,
  queryText,
  refreshMode,
  savedOptions,
  savedSelection,
  type Selection,
  type VariableModel,
  type VariableOption,
  type VariableState,
  type VariableStates,
} from './model';
import { applyRegexAndSort, dataSourceOptions, intervalOptions, parseCustomQuery, validateSelection } from './options';
import { variableDataSource, type OptionFetcher } from './sources';
import { selectionFromUrl } from './url';

/** The variables of a dashboard JSON's `templating.list` (entries without a name dropped). */
export function variableModels(templating: unknown): VariableModel[] {
  const list = (templating as { list?: unknown } | undefined)?.list;
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is VariableModel => Boolean(item) && typeof item === 'object' && typeof (item as VariableModel).name === 'string' && (item as VariableModel).name !== '');
}

function singleValue(value: string): Selection {
  return { values: [value], texts: [value], all: false };
}

/** Whether a variable's options come from somewhere at all (constants and text boxes hold
 * their value only). */
function hasOptions(model: VariableModel): boolean {
  return model.type !== 'constant' && model.type !== 'textbox' && model.type !== 'adhoc' && model.type !== 'groupby';
}

/** The state before any refresh: the URL's selection, else the saved one. */
export function initialStates(models: VariableModel[], params: URLSearchParams): Map<string, VariableState> {
  const states = new Map<string, VariableState>();
  for (const model of models) {
    const fromUrl = selectionFromUrl(model, params);
    let current = fromUrl ?? savedSelection(model);
    let options: VariableOption[] = [];
    if (model.type === 'constant') {
      current = singleValue(queryText(model.query));
    } else if (model.type === 'textbox') {
      const value = fromUrl?.values[0] ?? (model.current?.value !== undefined ? current.values[0] : undefined) ?? queryText(model.query);
      current = singleValue(value ?? '');
    } else if (model.type === 'query') {
      options = savedOptions(model);
    } else if (model.type === 'interval') {
      // `$__auto_interval_<name>` is how older dashboards and links spell "auto".
      current = { ...current, values: current.values.map((value) => (value.startsWith('$__auto_interval') ? AUTO_VALUE : value)) };
    }
    if (model.type === 'textbox' || model.type === 'constant') options = [{ text: current.values[0] ?? '', value: current.values[0] ?? '' }];
    states.set(model.name, { model, options, current, loading: hasOptions(model) });
  }
  return states;
}

/** The text of a variable that may refer to other variables. */
function referringText(model: VariableModel): string {
  const datasource = model.datasource;
  const source = typeof datasource === 'string' ? datasource : (datasource?.uid ?? '');
  const query = typeof model.query === 'string' ? model.query : JSON.stringify(model.query ?? '');
  return [query, model.regex ?? '', source].join('\n');
}

/** For each variable, the other variables it refers to. */
export function dependencies(models: VariableModel[]): Map<string, Set<string>> {
  const names = new Set(models.map((model) => model.name));
  const graph = new Map<string, Set<string>>();
  for (const model of models) {
    const refs = new Set<string>();
    if (hasOptions(model)) {
      for (const reference of findReferences(referringText(model))) {
        if (reference.name !== model.name && names.has(reference.name)) refs.add(reference.name);
      }
    }
    graph.set(model.name, refs);
  }
  return graph;
}

/** `names` and every variable that depends on one of them, directly or not. */
export function withDependents(names: Iterable<string>, graph: Map<string, Set<string>>): Set<string> {
  const result = new Set(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, refs] of graph) {
      if (result.has(name)) continue;
      if ([...refs].some((ref) => result.has(ref))) {
        result.add(name);
        grew = true;
      }
    }
  }
  return result;
}

/** `names` in refresh order: each after the variables it depends on, else in dashboard
 * order (`order`); a cycle is broken at the variable that comes first. */
export function refreshOrder(names: Set<string>, graph: Map<string, Set<string>>, order: string[]): string[] {
  const result: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const ref of order.filter((candidate) => graph.get(name)?.has(candidate))) if (names.has(ref)) visit(ref);
    visiting.delete(name);
    done.add(name);
    result.push(name);
  };
  for (const name of order) if (names.has(name)) visit(name);
  return result;
}

/** The variables to refresh when the dashboard opens: all with options. */
export function onLoad(models: VariableModel[]): Set<string> {
  return new Set(models.filter(hasOptions).map((model) => model.name));
}

/** The variables to refresh after a time range change: query variables set to refresh on
 * it, and those depending on them. */
export function onTimeRangeChange(models: VariableModel[], graph: Map<string, Set<string>>): Set<string> {
  const direct = models.filter((model) => model.type === 'query' && refreshMode(model) === REFRESH_ON_TIME_RANGE).map((model) => model.name);
  return direct.length === 0 ? new Set() : withDependents(direct, graph);
}

export interface RefreshEnvironment {
  settings: FrontendSettings;
  range: TimeRange;
  dashboard: { uid: string; title: string };
  fetch: OptionFetcher;
  signal: AbortSignal;
}

/** Variables inside a variable's regex are regex-escaped, as Grafana writes them. */
const regexFormat: DefaultFormat = (value, context) => applyFormat('regex', value, [], context);

/** Finds a variable's options; the query variable's data source is asked unless it never
 * refreshes and was saved with options (`force` asks anyway: a dependency changed). */
async function findOptions(state: VariableState, states: VariableStates, env: RefreshEnvironment, force: boolean): Promise<VariableOption[]> {
  const { model } = state;
  const context: InterpolationContext = { variables: states, range: env.range, dashboard: env.dashboard };
  switch (model.type) {
    case 'custom':
      return parseCustomQuery(interpolate(queryText(model.query), context));
    case 'interval':
      return intervalOptions(model);
    case 'datasource':
      return dataSourceOptions(model, env.settings, interpolate(model.regex ?? '', context));
    case 'query': {
      if (!force && refreshMode(model) === REFRESH_NEVER && state.options.length > 0) return state.options;
      const ref = model.datasource;
      const interpolatedRef = typeof ref === 'string' ? interpolate(ref, context) : ref && ref.uid ? { ...ref, uid: interpolate(ref.uid, context) } : ref;
      const datasource = variableDataSource(interpolatedRef, env.settings);
      if (!datasource) throw new Error('no data source: the variable names none and the org has no default');
      const format = defaultFormatFor(datasource.type);
      const query = model.query && typeof model.query === 'object' ? interpolateModel(model.query as Record<string, unknown>, context, format) : interpolate(queryText(model.query), context, format);
      const found = await env.fetch({ query, text: queryText(query), datasource, range: env.range, dashboardUid: env.dashboard.uid }, env.signal);
      return applyRegexAndSort(found, interpolate(model.regex ?? '', context, regexFormat), model.sort);
    }
    default:
      return state.options;
  }
}

/** What a variable wants selected: its selection, or for a data source variable with none,
 * the org's default data source (when it is of the variable's type). */
function wantedSelection(state: VariableState, settings: FrontendSettings): Selection {
  if (state.model.type !== 'datasource' || state.current.values.length > 0 || state.current.all) return state.current;
  const fallback = settings.datasources[settings.defaultDatasource];
  return fallback ? { values: [fallback.uid], texts: [fallback.name], all: false } : state.current;
}

/**
 * Refreshes `names` in dependency order, each seeing the values the ones before it chose,
 * and reports every step to `onUpdate`. A variable whose options cannot be read keeps its
 * selection and carries the error.
 */
export async function refreshVariables(
  start: VariableStates,
  names: Set<string>,
  env: RefreshEnvironment,
  onUpdate: (states: Map<string, VariableState>) => void,
  forced: Set<string> = new Set(),
): Promise<Map<string, VariableState>> {
  const models = [...start.values()].map((state) => state.model);
  const order = refreshOrder(names, dependencies(models), models.map((model) => model.name));
  let states = new Map(start);
  for (const name of order) states.set(name, { ...states.get(name)!, loading: true });
  onUpdate(states);
  for (const name of order) {
    if (env.signal.aborted) break;
    const state = states.get(name)!;
    let next: VariableState;
    try {
      const options = await findOptions(state, states, env, forced.has(name));
      next = { ...state, options, current: validateSelection(state.model, options, wantedSelection(state, env.settings)), loading: false, error: undefined };
    } catch (failure) {
      if (env.signal.aborted) break;
      next = { ...state, loading: false, error: failure instanceof Error ? failure.message : String(failure) };
    }
    states = new Map(states).set(name, next);
    onUpdate(states);
  }
  return states;
}
