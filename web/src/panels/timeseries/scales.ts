// Scales and axes of the time series panel: one y scale per unit (percent-stacked series on
// a 0–100% scale of their own), each with Grafana's axis options from its first series —
// placement (auto: the first on the left, the others on the right; or left, right, hidden),
// label, soft min/max (the range at least reaches them), hard min/max (`min`/`max`),
// centred zero, log (base 2 or 10) and symlog distribution.
import uPlot from 'uplot';
import type { AxisStyle, SeriesModel } from './model';

export const PERCENT_SCALE = 'y:__percent';

export function scaleKey(entry: SeriesModel): string {
  if (entry.stacking.mode === 'percent') return PERCENT_SCALE;
  const distribution = entry.axis.distribution;
  const suffix = distribution.type === 'linear' ? '' : `:${distribution.type}${distribution.log}`;
  return `y:${entry.unit ?? ''}${suffix}`;
}

export interface ScaleGroup {
  key: string;
  members: SeriesModel[];
  axis: AxisStyle;
  unit?: string;
  decimals?: number;
  side: 'left' | 'right' | 'hidden';
}

/** The y scales in order of first use, with the merged axis options of their series. */
export function scaleGroups(series: readonly SeriesModel[]): ScaleGroup[] {
  const groups: ScaleGroup[] = [];
  for (const entry of series) {
    const key = scaleKey(entry);
    let group = groups.find((candidate) => candidate.key === key);
    if (!group) {
      group = { key, members: [], axis: { ...entry.axis }, unit: key === PERCENT_SCALE ? 'percentunit' : entry.unit, decimals: entry.decimals, side: 'left' };
      groups.push(group);
    } else {
      const axis = group.axis;
      if (axis.placement === 'auto' && entry.axis.placement !== 'auto') axis.placement = entry.axis.placement;
      axis.label ||= entry.axis.label;
      axis.softMin = minDefined(axis.softMin, entry.axis.softMin);
      axis.softMax = maxDefined(axis.softMax, entry.axis.softMax);
      axis.min ??= entry.axis.min;
      axis.max ??= entry.axis.max;
    }
    group.members.push(entry);
  }
  let autoIndex = 0;
  for (const group of groups) {
    const visible = group.members.some((member) => !member.hideFrom.viz);
    if (group.axis.placement === 'hidden' || !visible) group.side = 'hidden';
    else if (group.axis.placement === 'left' || group.axis.placement === 'right') group.side = group.axis.placement;
    else group.side = autoIndex++ === 0 ? 'left' : 'right';
  }
  return groups;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** The drawn range of a linear scale: the data (or 0–1 with none), widened to the soft
 * limits, padded to round numbers, clamped by the hard limits; centred on zero on request. */
export function linearRange(dataMin: number | null, dataMax: number | null, axis: Pick<AxisStyle, 'softMin' | 'softMax' | 'min' | 'max' | 'centeredZero'>): [number, number] {
  let low = dataMin ?? axis.softMin ?? axis.min ?? 0;
  let high = dataMax ?? axis.softMax ?? axis.max ?? 1;
  if (axis.softMin !== undefined) low = Math.min(low, axis.softMin);
  if (axis.softMax !== undefined) high = Math.max(high, axis.softMax);
  if (axis.centeredZero) {
    const extent = Math.max(Math.abs(low), Math.abs(high)) || 1;
    [low, high] = [-extent, extent];
  }
  if (high === low) {
    const pad = Math.abs(high) * 0.1 || 1;
    [low, high] = [low - pad, high + pad];
  }
  const softLow = axis.softMin !== undefined && low === axis.softMin;
  const softHigh = axis.softMax !== undefined && high === axis.softMax;
  const [paddedLow, paddedHigh] = uPlot.rangeNum(low, high, 0.1, true);
  return [axis.min ?? (softLow ? low : (paddedLow ?? low)), axis.max ?? (softHigh ? high : (paddedHigh ?? high))];
}

/** uPlot's scale for a group. */
export function scaleOptions(group: ScaleGroup): uPlot.Scale {
  const { axis } = group;
  if (group.key === PERCENT_SCALE) {
    return { range: (_u, dataMin) => [axis.min ?? ((dataMin ?? 0) < 0 ? -1 : 0), axis.max ?? 1] };
  }
  if (axis.distribution.type === 'log') {
    const base: uPlot.Scale.LogBase = axis.distribution.log === 10 ? 10 : 2;
    return {
      distr: 3,
      log: base,
      range: (_u, dataMin, dataMax) => {
        const low = axis.min ?? (dataMin !== null && dataMin > 0 ? dataMin : 1);
        const high = axis.max ?? (dataMax !== null && dataMax > 0 ? dataMax : low * base);
        const [rangeLow, rangeHigh] = uPlot.rangeLog(Math.min(low, high), Math.max(low, high === low ? low * base : high), base, true);
        return [axis.min ?? rangeLow, axis.max ?? rangeHigh];
      },
    };
  }
  if (axis.distribution.type === 'symlog') {
    return {
      distr: 4,
      asinh: axis.distribution.linearThreshold,
      range: (_u, dataMin, dataMax) => {
        const [low, high] = linearRange(dataMin, dataMax, axis);
        return uPlot.rangeAsinh(low, high, axis.distribution.log === 10 ? 10 : 2, true);
      },
    };
  }
  return { range: (_u, dataMin, dataMax) => linearRange(dataMin, dataMax, axis) };
}
