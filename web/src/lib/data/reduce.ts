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
  stdDev: 'StdDev',
  variance: 'Variance',
  median: 'Median',
  distinctCount: 'Distinct count',
  changeCount: 'Change count',
  allIsNull: 'All nulls',
  allIsZero: 'All zeros',
  diffperc: 'Difference percent',
  logmin: 'Min (above zero)',
  allValues: 'All values',
  uniqueValues: 'All unique values',
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
    case 'allIsNull':
      return values.every((value) => value === null || value === undefined) ? 1 : 0;
    case 'distinctCount':
      return new Set(values.filter((value) => value !== null && value !== undefined)).size;
    case 'changeCount': {
      let changes = 0;
      for (let index = 1; index < values.length; index++) if (values[index] !== values[index - 1]) changes++;
      return changes;
    }
  }
  if (numbers.length === 0) return null;
  switch (calc) {
    case 'mean':
      return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
    case 'max':
      return numbers.reduce((a, b) => (b > a ? b : a));
    case 'min':
      return numbers.reduce((a, b) => (b < a ? b : a));
    case 'sum':
      return numbers.reduce((sum, value) => sum + value, 0);
    case 'allIsZero':
      return numbers.every((value) => value === 0) ? 1 : 0;
    case 'variance':
    case 'stdDev': {
      const mean = numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
      const variance = numbers.reduce((sum, value) => sum + (value - mean) ** 2, 0) / numbers.length;
      return calc === 'variance' ? variance : Math.sqrt(variance);
    }
    case 'median': {
      const sorted = [...numbers].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    }
    case 'logmin': {
      const positive = numbers.filter((value) => value > 0);
      return positive.length ? Math.min(...positive) : null;
    }
    case 'diffperc':
      return numbers[0] === 0 ? null : ((numbers[numbers.length - 1]! - numbers[0]!) / numbers[0]!) * 100;
    case 'range':
      return numbers.reduce((a, b) => (b > a ? b : a)) - numbers.reduce((a, b) => (b < a ? b : a));
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
