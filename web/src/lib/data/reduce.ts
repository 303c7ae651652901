// Grafana's reducers (`reduceOptions.calcs`): one number from a field's values.

export const REDUCER_NAMES: Record<string, string> = {
  lastNotNull: 'Last *',
  last: 'Last',
  firstNotNull: 'First *',
  first: 'First',
  mean: 'Mean',
  max: 'Max',
  min: 'Min',
  sum: 'Total',
  count: 'Count',
  range: 'Range',
  diff: 'Difference',
  delta: 'Delta',
};

export function reduce(values: readonly unknown[], calc: string): number | null {
  const numbers = values.filter((value): value is number => typeof value === 'number' && !Number.isNaN(value));
  switch (calc) {
    case 'last': {
      const last = values[values.length - 1];
      return typeof last === 'number' ? last : null;
    }
    case 'first': {
      const first = values[0];
      return typeof first === 'number' ? first : null;
    }
    case 'firstNotNull':
      return numbers[0] ?? null;
    case 'count':
      return values.length;
  }
  if (numbers.length === 0) return null;
  switch (calc) {
    case 'mean':
      return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
    case 'max':
      return Math.max(...numbers);
    case 'min':
      return Math.min(...numbers);
    case 'sum':
      return numbers.reduce((sum, value) => sum + value, 0);
    case 'range':
      return Math.max(...numbers) - Math.min(...numbers);
    case 'diff':
      return numbers[numbers.length - 1]! - numbers[0]!;
    case 'delta': {
      // Sum of increases, counting a drop as a counter reset.
      let total = 0;
      for (let index = 1; index < numbers.length; index++) {
        const step = numbers[index]! - numbers[index - 1]!;
        total += step >= 0 ? step : numbers[index]!;
      }
      return total;
    }
    default:
      return numbers[numbers.length - 1]!;
  }
}
