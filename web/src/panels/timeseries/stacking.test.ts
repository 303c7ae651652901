import { describe, expect, it } from 'vitest';
import { stackDirection, stackSeries, type StackInput } from './stacking';

const input = (values: (number | null)[], extra: Partial<StackInput> = {}): StackInput => ({ values, mode: 'normal', group: 'A', scaleKey: 'y', ...extra });

describe('stackSeries', () => {
  it('adds series of one group in order and bands each to the one below', () => {
    const result = stackSeries([input([1, 2, 3]), input([10, null, 30]), input([100, 200, 300])]);
    expect(result.values).toEqual([
      [1, 2, 3],
      [11, null, 33],
      [111, 202, 333],
    ]);
    expect(result.bands).toEqual([
      { upper: 1, lower: 0, direction: 1 },
      { upper: 2, lower: 1, direction: 1 },
    ]);
  });

  it('keeps groups, scales, unstacked and hidden series apart', () => {
    const result = stackSeries([
      input([1, 1]),
      input([2, 2], { group: 'B' }),
      input([3, 3]),
      input([4, 4], { mode: 'none' }),
      input([5, 5], { scaleKey: 'other' }),
      input([6, 6], { hidden: true }),
    ]);
    expect(result.values).toEqual([[1, 1], [2, 2], [4, 4], [4, 4], [5, 5], [6, 6]]);
    expect(result.bands).toEqual([{ upper: 2, lower: 0, direction: 1 }]);
  });

  it('stacks to 1 in percent mode', () => {
    const result = stackSeries([input([1, 0], { mode: 'percent' }), input([3, 0], { mode: 'percent' })]);
    expect(result.values).toEqual([
      [0.25, 0],
      [1, 0],
    ]);
  });

  it('stacks negative series downwards on their own', () => {
    expect(stackDirection([0, -1, null])).toBe(-1);
    expect(stackDirection([0, -1, 2])).toBe(1);
    const result = stackSeries([input([1, 2]), input([-1, -2]), input([3, 4]), input([-5, -5])]);
    expect(result.values).toEqual([[1, 2], [-1, -2], [4, 6], [-6, -7]]);
    expect(result.bands).toEqual([
      { upper: 2, lower: 0, direction: 1 },
      { upper: 3, lower: 1, direction: -1 },
    ]);
  });
});
