// What the grid and a panel need of the variables: the values rows and panels repeat for,
// the title interpolated, and a key that changes exactly when a variable the panel refers
// to (in its targets, data source, interval, title...) changes value, so only those panels
// query again.
import type { DashboardModel, PanelModel } from '../../api/types';
import type { TimeRange } from '../../lib/time/range';
import type { RepeatOptions } from '../dashboard/layout';
import { panelInterpolation } from '../dashboard/queries';
import { findReferences, interpolateText } from './interpolate';
import { selectedOptions, type VariableStates } from './model';

/** The current selections of the variables the panel refers to, as one string (scoped
 * values of a repeated clone count too). Interval variables on "auto" follow the range,
 * which the panel watches anyway. */
export function panelVariablesKey(panel: PanelModel, variables: VariableStates | undefined): string {
  if (!variables || variables.size === 0) return '';
  // A row's own panels are not its business.
  const text = JSON.stringify(panel, (key, value: unknown) => (key === 'panels' ? undefined : value));
  const names = new Set<string>();
  for (const reference of findReferences(text)) if (variables.has(reference.name)) names.add(reference.name);
  // A custom "All" value may itself refer to other variables.
  for (const name of [...names]) {
    const allValue = variables.get(name)?.model.allValue;
    if (allValue) for (const reference of findReferences(allValue)) if (variables.has(reference.name)) names.add(reference.name);
  }
  const parts = [...names].sort().map((name) => {
    const { current, options } = variables.get(name)!;
    return [name, current.all ? options.map((option) => option.value) : current.values];
  });
  return JSON.stringify(parts);
}

/** The panel's title with variables (and its scoped value) in it. */
export function panelTitle(panel: PanelModel, dashboard: DashboardModel, variables: VariableStates | undefined, range: TimeRange): string {
  if (!panel.title || !variables) return panel.title ?? '';
  return interpolateText(panel.title, panelInterpolation(panel, dashboard, variables, range));
}

/** The values each variable repeats panels and rows for: its selection, "All" as every
 * option; `undefined` for a variable the dashboard does not have. */
export function repeatOptionsFrom(variables: VariableStates | undefined): RepeatOptions {
  return (name) => {
    const state = variables?.get(name);
    return state ? selectedOptions(state) : undefined;
  };
}
