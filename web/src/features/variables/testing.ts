// Builders for the variables' unit tests.
import { ALL_TEXT, ALL_VALUE, type VariableModel, type VariableState } from './model';

/** A loaded variable: `options` as plain values (text = value) or pairs; `selected` the
 * values chosen, or `'all'`. */
export function variable(model: Partial<VariableModel> & { name: string }, options: (string | { text: string; value: string })[], selected: string[] | 'all'): VariableState {
  const pairs = options.map((option) => (typeof option === 'string' ? { text: option, value: option } : option));
  const current =
    selected === 'all'
      ? { values: [ALL_VALUE], texts: [ALL_TEXT], all: true }
      : { values: selected, texts: selected.map((value) => pairs.find((option) => option.value === value)?.text ?? value), all: false };
  return { model: { type: 'custom', ...model }, options: pairs, current, loading: false };
}

export function statesOf(...states: VariableState[]): Map<string, VariableState> {
  return new Map(states.map((state) => [state.model.name, state]));
}
