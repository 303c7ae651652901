// The legend's rows: each series not hidden from the legend with its calculations
// (`options.legend.calcs`: min, max, mean, last, lastNotNull, sum, …) reduced from its raw
// values and shown through its display processor (unit, decimals, mappings), sorted by a
// calculation or the name when `legend.sortBy` asks.
import { REDUCER_NAMES, reduce } from '../../lib/data/reduce';
import { displayText } from '../../lib/fieldconfig';
import type { SeriesModel } from './model';

export interface LegendOptions {
  showLegend?: boolean;
  displayMode?: 'list' | 'table' | 'hidden';
  placement?: 'bottom' | 'right';
  calcs?: string[];
  sortBy?: string;
  sortDesc?: boolean;
  width?: number;
}

export interface LegendCalc {
  id: string;
  label: string;
  value: number | null;
  text: string;
}

export interface LegendRow {
  index: number;
  name: string;
  color: string;
  calcs: LegendCalc[];
  /** The y axis the series is on, for the "(right)" hint Grafana shows. */
  axisRight: boolean;
}

/** Grafana's display name of a calculation. */
export function calcLabel(calc: string): string {
  return REDUCER_NAMES[calc] ?? calc;
}

export function legendRows(series: readonly SeriesModel[], options: LegendOptions, rightAxis: (entry: SeriesModel) => boolean = () => false): LegendRow[] {
  const calcs = options.calcs ?? [];
  const rows = series.flatMap((entry, index): LegendRow[] => {
    if (entry.hideFrom.legend) return [];
    return [
      {
        index,
        name: entry.name,
        color: entry.color,
        axisRight: rightAxis(entry),
        calcs: calcs.map((calc) => {
          const value = reduce(entry.values, calc);
          return { id: calc, label: calcLabel(calc), value, text: value === null ? '-' : calc === 'count' || calc === 'distinctCount' || calc === 'changeCount' ? String(value) : displayText(entry.display(value)) };
        }),
      },
    ];
  });
  if (!options.sortBy) return rows;
  const direction = options.sortDesc ? -1 : 1;
  if (options.sortBy === 'Name') return [...rows].sort((a, b) => a.name.localeCompare(b.name) * direction);
  const column = calcs.findIndex((calc) => calc === options.sortBy || calcLabel(calc) === options.sortBy);
  if (column < 0) return rows;
  return [...rows].sort((a, b) => ((a.calcs[column]!.value ?? -Infinity) - (b.calcs[column]!.value ?? -Infinity)) * direction);
}
