// Dashboard template variables: the JSON model (`templating.list[]`, Grafana's field names)
// and the live state the variables bar and the panels read. Pure types and small helpers.
import type { DataSourceRef } from '../../api/types';

/** Grafana's value of the "All" option, also in URLs (`var-x=$__all`). */
export const ALL_VALUE = '$__all';
export const ALL_TEXT = 'All';
/** The value of an interval variable's "auto" option; `$__auto_interval_<name>` is the
 * legacy spelling, accepted when read. */
export const AUTO_VALUE = '$__auto';
export const AUTO_TEXT = 'auto';

/** `hide`: 0 shows label and value, 1 the value only, 2 nothing. */
export const HIDE_NOTHING = 0;
export const HIDE_LABEL = 1;
export const HIDE_VARIABLE = 2;

/** `refresh` of query variables: 0 never (saved options), 1 on dashboard load, 2 on time
 * range change (and load). */
export const REFRESH_NEVER = 0;
export const REFRESH_ON_LOAD = 1;
export const REFRESH_ON_TIME_RANGE = 2;

export type VariableType = 'query' | 'custom' | 'constant' | 'textbox' | 'interval' | 'datasource' | 'adhoc' | 'groupby' | string;

interface SavedOption {
  text?: unknown;
  value?: unknown;
  selected?: boolean;
}

/** One entry of the dashboard's `templating.list`, as saved. */
export interface VariableModel {
  name: string;
  type: VariableType;
  label?: string | null;
  description?: string | null;
  hide?: number;
  /** A query string, a query model object (newer data sources), a comma list (custom,
   * interval), a plugin type id (datasource) or the value (constant, textbox). */
  query?: unknown;
  definition?: string;
  datasource?: DataSourceRef;
  regex?: string;
  sort?: number;
  refresh?: number | boolean;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  current?: SavedOption;
  options?: SavedOption[];
  skipUrlSync?: boolean;
  /** Interval variables. */
  auto?: boolean;
  auto_count?: number;
  auto_min?: string;
}

export interface VariableOption {
  text: string;
  value: string;
}

/** What a variable has selected: values with their texts, or "All". */
export interface Selection {
  values: string[];
  texts: string[];
  all: boolean;
}

export const EMPTY_SELECTION: Selection = { values: [], texts: [], all: false };

/** A variable while the dashboard is open. */
export interface VariableState {
  model: VariableModel;
  /** The options to pick from, "All" not included. */
  options: VariableOption[];
  current: Selection;
  loading: boolean;
  /** Why the options could not be read. */
  error?: string;
}

/** The variables of an open dashboard by name, in the dashboard's order. */
export type VariableStates = ReadonlyMap<string, VariableState>;

/** Variables scoped to one repeated panel or row: the value it was cloned for. */
export type ScopedVars = Record<string, { text: string; value: string }>;

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText);
  if (value === null || value === undefined) return [];
  return [asText(value)];
}

/** The saved `current` of a model as a selection (before it is checked against options). */
export function savedSelection(model: VariableModel): Selection {
  const values = asList(model.current?.value);
  const texts = asList(model.current?.text);
  const all = values.includes(ALL_VALUE) || (values.length === 0 && texts.length === 1 && texts[0] === ALL_TEXT && Boolean(model.includeAll));
  return { values, texts: texts.length === values.length ? texts : values, all };
}

/** The options a model was saved with ("All" left out). */
export function savedOptions(model: VariableModel): VariableOption[] {
  return (model.options ?? [])
    .map((option) => ({ text: asText(option.text ?? option.value), value: asText(option.value ?? option.text) }))
    .filter((option) => option.value !== ALL_VALUE);
}

/** A query model's text: the string itself, or its `query`/`expr`/`rawSql` field. */
export function queryText(query: unknown): string {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object') {
    const model = query as Record<string, unknown>;
    for (const key of ['query', 'expr', 'rawSql']) {
      if (typeof model[key] === 'string') return model[key];
    }
  }
  return '';
}

/** Whether the variable is drawn in the variables bar. */
export function isShown(model: VariableModel): boolean {
  return model.hide !== HIDE_VARIABLE && model.type !== 'constant' && model.type !== 'adhoc' && model.type !== 'groupby';
}

/** Whether the variable's value goes into the URL as `var-<name>`. */
export function syncsToUrl(model: VariableModel): boolean {
  return !model.skipUrlSync && model.type !== 'constant' && model.type !== 'adhoc' && model.type !== 'groupby';
}

export function refreshMode(model: VariableModel): number {
  if (typeof model.refresh === 'boolean') return model.refresh ? REFRESH_ON_LOAD : REFRESH_NEVER;
  return model.refresh ?? REFRESH_NEVER;
}

/** The text shown for a selection: "All", or the texts joined by ` + `. */
export function selectionText(selection: Selection): string {
  if (selection.all) return ALL_TEXT;
  return selection.texts.join(' + ');
}

/** The values "All" stands for: every option. */
export function allValues(state: VariableState): string[] {
  return state.options.map((option) => option.value);
}

/** The value/text pairs a variable has selected, "All" expanded to every option: what a
 * repeated panel or row is cloned for. */
export function selectedOptions(state: VariableState): VariableOption[] {
  if (state.current.all) return state.options;
  return state.current.values.map((value, index) => ({ value, text: state.current.texts[index] ?? value }));
}
