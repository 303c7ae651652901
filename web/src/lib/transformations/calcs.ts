// Grafana's reducers as the transformations use them: the numeric ones from `lib/data/reduce`,
// and the ones that also keep text (first, last, all values), as `reduce` and `groupBy` show.
import { reduce, REDUCER_NAMES } from '../data/reduce';

const present = (value: unknown) => value !== null && value !== undefined && !(typeof value === 'number' && Number.isNaN(value));

/** The reducer's column title (`Max`, `Last *`, `Total`); unknown ids as they are. */
export function reducerName(id: string): string {
  return REDUCER_NAMES[id] ?? id;
}

/** One value from `values` by Grafana's reducer `id`. */
export function calculate(values: readonly unknown[], id: string): unknown {
  switch (id) {
    case 'first':
      return values.length ? (values[0] ?? null) : null;
    case 'last':
      return values.length ? (values[values.length - 1] ?? null) : null;
    case 'firstNotNull':
      return values.find(present) ?? null;
    case 'lastNotNull':
      return [...values].reverse().find(present) ?? null;
    case 'allValues':
      return JSON.stringify(values);
    case 'uniqueValues':
      return JSON.stringify([...new Set(values)]);
    default:
      return reduce(values, id);
  }
}
