// uPlot options from the time series model: one scale and axis per unit (the first on the
// left, a second on the right), Grafana's path styles, fills and the theme's colours.
import uPlot from 'uplot';
import { withAlpha } from '../../lib/data/colors';
import { decimalsForStep, getFormatter, formattedToString } from '../../lib/units/format';
import { timeTickFormat } from '../../lib/time/axis';
import type { TimeRange } from '../../lib/time/range';
import type { SeriesModel, TimeSeriesModel } from './model';
import { tooltipPlugin, type TooltipMode } from './tooltip';

const PATHS = {
  linear: uPlot.paths.linear!(),
  smooth: uPlot.paths.spline!(),
  stepBefore: uPlot.paths.stepped!({ align: -1 }),
  stepAfter: uPlot.paths.stepped!({ align: 1 }),
  bars: uPlot.paths.bars!({ size: [0.6, 100] }),
};

export interface ChartTheme {
  axis: string;
  grid: string;
  font: string;
}

export function chartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const family = getComputedStyle(document.body).fontFamily;
  return {
    axis: style.getPropertyValue('--chart-axis').trim() || '#9fa7b3',
    grid: style.getPropertyValue('--chart-grid').trim() || 'rgba(120,120,130,0.2)',
    font: `12px ${family}`,
  };
}

function scaleKey(entry: SeriesModel): string {
  return `y:${entry.unit ?? ''}`;
}

function fill(entry: SeriesModel): uPlot.Series['fill'] {
  const { fillOpacity, gradientMode, drawStyle } = entry.style;
  if (fillOpacity <= 0 && drawStyle !== 'bars') return undefined;
  const opacity = drawStyle === 'bars' && fillOpacity <= 0 ? 1 : fillOpacity / 100;
  if (gradientMode !== 'opacity') return withAlpha(entry.color, opacity);
  return (u: uPlot) => {
    const gradient = u.ctx.createLinearGradient(0, u.bbox.top, 0, u.bbox.top + u.bbox.height);
    gradient.addColorStop(0, withAlpha(entry.color, opacity));
    gradient.addColorStop(1, withAlpha(entry.color, 0));
    return gradient;
  };
}

function seriesOptions(entry: SeriesModel, hidden: boolean): uPlot.Series {
  const { style } = entry;
  const points: uPlot.Series.Points = { size: style.pointSize, fill: entry.color, stroke: entry.color };
  if (style.drawStyle === 'points' || style.showPoints === 'always') points.show = true;
  else if (style.showPoints === 'never') points.show = false;
  return {
    label: entry.name,
    scale: scaleKey(entry),
    show: !hidden && !entry.hideFrom.viz,
    stroke: entry.color,
    width: style.drawStyle === 'points' ? 0 : style.lineWidth,
    fill: fill(entry),
    spanGaps: style.spanNulls,
    paths: style.drawStyle === 'points' ? () => null : style.drawStyle === 'bars' ? PATHS.bars : PATHS[style.lineInterpolation],
    points,
  };
}

/** Width of a value axis: its longest label plus room for the ticks' gap. */
function axisSize(u: uPlot, values: string[] | null, axisIndex: number): number {
  const axis = u.axes[axisIndex];
  if (!values?.length || !axis) return 40;
  u.ctx.font = (axis.font as string | undefined) ?? '12px sans-serif';
  const widest = Math.max(...values.map((value) => u.ctx.measureText(value).width));
  return Math.ceil(widest / devicePixelRatio) + 20;
}

export interface ChartOptions {
  model: TimeSeriesModel;
  hidden: ReadonlySet<number>;
  range: TimeRange;
  width: number;
  height: number;
  tooltip: { mode: TooltipMode; sort: 'none' | 'asc' | 'desc' };
  theme: ChartTheme;
  onZoom: (from: number, to: number) => void;
}

export function buildChartOptions({ model, hidden, range, width, height, tooltip, theme, onZoom }: ChartOptions): uPlot.Options {
  const units: string[] = [];
  for (const entry of model.series) {
    const key = scaleKey(entry);
    if (!units.includes(key)) units.push(key);
  }
  const scales: uPlot.Scales = { x: { time: true, range: () => [range.from, range.to] } };
  const axes: uPlot.Axis[] = [
    {
      stroke: theme.axis,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { show: false },
      space: 80,
      values: (_u, splits, _axis, _space, increment) => {
        const format = timeTickFormat(increment, range.to - range.from);
        return splits.map((split) => format(split));
      },
    },
  ];
  units.forEach((key, index) => {
    const members = model.series.filter((entry) => scaleKey(entry) === key);
    const first = members[0]!;
    const min = members.find((entry) => entry.min !== undefined)?.min;
    const max = members.find((entry) => entry.max !== undefined)?.max;
    scales[key] = {
      range: (_u, dataMin, dataMax) => {
        const low = min ?? (dataMin ?? 0);
        const high = max ?? (dataMax ?? 1);
        const [paddedLow, paddedHigh] = uPlot.rangeNum(low, high === low ? low + 1 : high, 0.1, true);
        return [min ?? paddedLow, max ?? paddedHigh];
      },
    };
    const formatter = getFormatter(first.unit);
    const placement = first.style.axisPlacement;
    axes.push({
      scale: key,
      show: placement !== 'hidden' && index < 2,
      side: placement === 'right' || (placement === 'auto' && index === 1) ? 1 : 3,
      stroke: theme.axis,
      font: theme.font,
      grid: { show: index === 0, stroke: theme.grid, width: 1 },
      ticks: { show: false },
      space: 30,
      size: axisSize,
      values: (_u, splits, _axis, _space, increment) => {
        const auto = splits.map((split) => formattedToString(formatter(split, first.decimals)));
        if (first.decimals !== undefined || new Set(auto).size === auto.length) return auto;
        return splits.map((split) => formattedToString(formatter(split, decimalsForStep(increment))));
      },
    });
  });

  return {
    width,
    height,
    ms: 1,
    pxAlign: false,
    padding: [12, 12, 0, 0],
    legend: { show: false },
    scales,
    axes,
    series: [{}, ...model.series.map((entry, index) => seriesOptions(entry, hidden.has(index)))],
    cursor: {
      drag: { x: true, y: false, setScale: false },
      points: { size: 7, width: 2 },
      focus: { prox: 30 },
    },
    focus: { alpha: 1 },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    plugins: [tooltipPlugin(model.series, tooltip.mode, tooltip.sort)],
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 4) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          onZoom(Math.round(from), Math.round(to));
        },
      ],
    },
  };
}
