// Variables in the URL, as Grafana keeps them: `var-<name>=<value>`, repeated for several
// values, `$__all` for "All", so a link reproduces the view. Constants, ad hoc filters and
// variables with `skipUrlSync` stay out.
import { ALL_VALUE, syncsToUrl, type Selection, type VariableModel, type VariableStates } from './model';

export const URL_PREFIX = 'var-';

/** The selection a URL asks for, `undefined` when it names no value for the variable. */
export function selectionFromUrl(model: VariableModel, params: URLSearchParams): Selection | undefined {
  if (!syncsToUrl(model)) return undefined;
  const key = URL_PREFIX + model.name;
  if (!params.has(key)) return undefined;
  const values = params.getAll(key);
  if (values.includes(ALL_VALUE)) return { values: [ALL_VALUE], texts: [ALL_VALUE], all: true };
  return { values, texts: values, all: false };
}

/** The URL values of a variable's selection. */
export function urlValues(selection: Selection): string[] {
  if (selection.all) return [ALL_VALUE];
  return selection.values.length > 0 ? selection.values : [''];
}

/** `params` with every synced variable's `var-<name>` set to its selection, the other
 * parameters kept in place. */
export function writeVariablesToUrl(params: URLSearchParams, variables: VariableStates): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const state of variables.values()) {
    if (!syncsToUrl(state.model)) continue;
    const key = URL_PREFIX + state.model.name;
    next.delete(key);
    for (const value of urlValues(state.current)) next.append(key, value);
  }
  return next;
}

/** The `var-*` part of a query string, for telling whether the URL changed them. */
export function variablesSignature(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key.startsWith(URL_PREFIX))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}
