// Series stacking as Grafana does it (`custom.stacking: {mode, group}`): series of one group,
// on one scale and one direction (negative-Y or all-negative series stack downwards) are
// added up in order; `percent` divides each point by its group's total at that time, so the
// stack reaches 1. Stacked series are drawn from their cumulative values, and each fills only
// down (or up) to the series below it, which uPlot draws as a band.

export type StackingMode = 'none' | 'normal' | 'percent';

export interface StackInput {
  values: readonly (number | null | undefined)[];
  mode: StackingMode;
  group: string;
  /** Series on different scales never stack together. */
  scaleKey: string;
  /** Hidden series take no part (they neither stack nor are stacked on). */
  hidden?: boolean;
}

export interface StackResult {
  /** What to draw per series: cumulative values for stacked series, the input otherwise. */
  values: (number | null | undefined)[][];
  /** For each stacked series above another: `[upper, lower]` input indices. */
  bands: { upper: number; lower: number; direction: 1 | -1 }[];
}

/** A series stacks downwards when all its values are zero or negative. */
export function stackDirection(values: readonly (number | null | undefined)[]): 1 | -1 {
  let sawNegative = false;
  for (const value of values) {
    if (typeof value !== 'number' || Number.isNaN(value)) continue;
    if (value > 0) return 1;
    if (value < 0) sawNegative = true;
  }
  return sawNegative ? -1 : 1;
}

export function stackSeries(inputs: readonly StackInput[]): StackResult {
  const values: (number | null | undefined)[][] = inputs.map((input) => [...input.values]);
  const bands: StackResult['bands'] = [];
  const groups = new Map<string, number[]>();
  inputs.forEach((input, index) => {
    if (input.mode === 'none' || input.hidden) return;
    const direction = stackDirection(input.values);
    const key = `${input.mode}\u0000${input.group}\u0000${input.scaleKey}\u0000${direction}`;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });

  for (const members of groups.values()) {
    const first = inputs[members[0]!]!;
    const length = Math.max(...members.map((index) => inputs[index]!.values.length));
    const totals = new Array<number>(length).fill(0);
    if (first.mode === 'percent') {
      for (const index of members) {
        inputs[index]!.values.forEach((value, at) => {
          if (typeof value === 'number' && !Number.isNaN(value)) totals[at]! += Math.abs(value);
        });
      }
    }
    const running = new Array<number>(length).fill(0);
    let previous: number | undefined;
    for (const index of members) {
      const input = inputs[index]!;
      values[index] = input.values.map((value, at) => {
        if (typeof value !== 'number' || Number.isNaN(value)) return value;
        const share = first.mode === 'percent' ? (totals[at] ? value / totals[at]! : 0) : value;
        running[at]! += share;
        return running[at]!;
      });
      if (previous !== undefined) bands.push({ upper: index, lower: previous, direction: stackDirection(input.values) });
      previous = index;
    }
  }
  return { values, bands };
}
