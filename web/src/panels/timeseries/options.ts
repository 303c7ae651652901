// uPlot options from the time series model: the scales and axes (scales.ts), each series'
// path (line interpolations, bars with their alignment and width, points), stroke, dash and
// fill (gradients.ts), stacking as cumulative data with bands, thresholds (thresholds.ts)
// and the tooltip; colours from the theme.
import uPlot from 'uplot';
import type { ThemeName } from '../../lib/fieldconfig';
import { timeTickFormat, zonedDate } from '../../lib/time/axis';
import type { TimeRange } from '../../lib/time/range';
import { decimalsForStep, formattedToString, getFormatter } from '../../lib/units/format';
import { seriesFill, seriesStroke } from './gradients';
import type { SeriesModel, TimeSeriesModel } from './model';
import { scaleGroups, scaleKey, scaleOptions, type ScaleGroup } from './scales';
import { stackSeries } from './stacking';
import { thresholdsPlugin } from './thresholds';
import { tooltipPlugin, type TooltipMode } from './tooltip';

const LINE_PATHS = {
  linear: uPlot.paths.linear!(),
  smooth: uPlot.paths.spline!(),
  stepBefore: uPlot.paths.stepped!({ align: -1 }),
  stepAfter: uPlot.paths.stepped!({ align: 1 }),
};

const barPaths = new Map<string, uPlot.Series.PathBuilder>();
function bars(factor: number, maxWidth: number, align: -1 | 0 | 1): uPlot.Series.PathBuilder {
  const key = `${factor}:${maxWidth}:${align}`;
  let builder = barPaths.get(key);
  if (!builder) {
    builder = uPlot.paths.bars!({ size: [Math.min(Math.max(factor, 0.05), 1), maxWidth], align });
    barPaths.set(key, builder);
  }
  return builder;
}

export interface ChartTheme {
  name: ThemeName;
  axis: string;
  grid: string;
  font: string;
}

const chartThemes = new Map<ThemeName, ChartTheme>();

/** The chart colours and font of a theme, read from the page's CSS once per theme: reading
 * computed style makes the browser recalculate styles, which 50 charts in a row felt. */
export function chartTheme(name: ThemeName): ChartTheme {
  let theme = chartThemes.get(name);
  if (!theme) {
    const style = getComputedStyle(document.documentElement);
    const family = getComputedStyle(document.body).fontFamily;
    theme = {
      name,
      axis: style.getPropertyValue('--chart-axis').trim() || '#9fa7b3',
      grid: style.getPropertyValue('--chart-grid').trim() || 'rgba(120,120,130,0.2)',
      font: `12px ${family}`,
    };
    chartThemes.set(name, theme);
  }
  return theme;
}

function seriesOptions(entry: SeriesModel, hidden: boolean, theme: ChartTheme): uPlot.Series {
  const { style } = entry;
  const scale = scaleKey(entry);
  const stroke = seriesStroke(entry, scale, theme.name);
  const points: uPlot.Series.Points = { size: style.pointSize, fill: entry.color, stroke: entry.color };
  if (style.drawStyle === 'points' || style.showPoints === 'always') points.show = true;
  else if (style.showPoints === 'never' || style.drawStyle === 'bars') points.show = false;
  let paths: uPlot.Series.PathBuilder;
  if (style.drawStyle === 'points') paths = () => null;
  else if (style.drawStyle === 'bars') paths = bars(style.barWidthFactor, style.barMaxWidth, style.barAlignment);
  else paths = LINE_PATHS[style.lineInterpolation];
  return {
    label: entry.name,
    scale,
    show: !hidden && !entry.hideFrom.viz,
    stroke,
    width: style.drawStyle === 'points' ? 0 : style.lineWidth,
    dash: style.lineDash.length ? style.lineDash : undefined,
    // Dots are zero-length dashes: only round caps draw them.
    cap: style.lineDash[0] === 0 ? 'round' : undefined,
    fill: seriesFill(entry, scale, theme.name),
    spanGaps: style.spanNulls === true,
    paths,
    points,
  };
}

/** Width of a value axis: its longest label plus room for the gap and the label. */
function axisSize(u: uPlot, values: string[] | null, axisIndex: number): number {
  const axis = u.axes[axisIndex];
  if (!values?.length || !axis) return 40;
  const font = axisFont(axis);
  const widest = Math.max(...values.map((value) => textWidths.measure(u.ctx, font, value)));
  return Math.ceil(widest / devicePixelRatio) + 20;
}

/** The canvas font of an axis: uPlot keeps `[font scaled to the pixel ratio, size, CSS size]`
 * once the chart exists, though its type says string. */
function axisFont(axis: uPlot.Axis): string {
  const font: unknown = axis.font;
  if (Array.isArray(font) && typeof font[0] === 'string') return font[0];
  return typeof font === 'string' ? font : '12px sans-serif';
}

/** Widths of axis labels per font, measured once: every chart asks for the same few labels
 * ("0", "50", "100") several times while it settles its axes, and setting a canvas's font
 * costs more than the measuring. */
export class TextWidths {
  private readonly widths = new Map<string, Map<string, number>>();

  constructor(private readonly limit = 2000) {}

  measure(ctx: Pick<CanvasRenderingContext2D, 'font' | 'measureText'>, font: string, text: string): number {
    let byText = this.widths.get(font);
    if (!byText) {
      byText = new Map();
      this.widths.set(font, byText);
    }
    let width = byText.get(text);
    if (width === undefined) {
      if (ctx.font !== font) ctx.font = font;
      width = ctx.measureText(text).width;
      // Labels of ever-new values would grow it without end; start over instead.
      if (byText.size >= this.limit) byText.clear();
      byText.set(text, width);
    }
    return width;
  }
}

const textWidths = new TextWidths();

/** Whether `value` is a whole power of `base` (the only ticks a log axis labels). */
export function isPowerOf(value: number, base: number): boolean {
  if (value <= 0) return false;
  const exponent = Math.log(value) / Math.log(base);
  return Math.abs(exponent - Math.round(exponent)) < 1e-6;
}

/** The y axis tick labels last drawn, per axis, kept on the chart's root element as
 * `data-y-ticks` (axes joined by `;`, labels by `|`) for tests and assistive tools; the time
 * axis's as `data-x-ticks`. */
type TickLabels = string[][];

function valueAxis(group: ScaleGroup, gridShown: boolean, theme: ChartTheme, ticks: TickLabels, axisIndex: number): uPlot.Axis {
  const formatter = getFormatter(group.unit);
  const first = group.members[0]!;
  const color = group.axis.colorMode === 'series' ? first.color : theme.axis;
  const isLog = group.axis.distribution.type === 'log';
  return {
    scale: group.key,
    show: group.side !== 'hidden',
    side: group.side === 'right' ? 1 : 3,
    stroke: color,
    font: theme.font,
    label: group.axis.label || undefined,
    labelFont: theme.font,
    labelSize: group.axis.label ? 18 : undefined,
    grid: { show: gridShown, stroke: theme.grid, width: 1 },
    ticks: { show: false },
    space: isLog ? 20 : 30,
    size: group.axis.width ?? axisSize,
    values: (_u, splits, _axis, _space, increment) => {
      let labels: string[];
      if (isLog) {
        const base = group.axis.distribution.log;
        labels = splits.map((split) => (isPowerOf(split, base) ? formattedToString(formatter(split, group.decimals)) : ''));
      } else {
        labels = splits.map((split) => formattedToString(formatter(split, group.decimals)));
        if (group.decimals === undefined && new Set(labels).size !== labels.length) {
          labels = splits.map((split) => formattedToString(formatter(split, decimalsForStep(increment))));
        }
      }
      ticks[axisIndex] = labels.filter(Boolean);
      return labels;
    },
  };
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

/** The data uPlot draws: times, then each series' plotted values, stacked. */
export function chartData(model: TimeSeriesModel, hidden: ReadonlySet<number>): { data: uPlot.AlignedData; bands: uPlot.Band[] } {
  const stacked = stackSeries(
    model.series.map((entry, index) => ({
      values: entry.plotValues,
      mode: entry.stacking.mode,
      group: entry.stacking.group,
      scaleKey: scaleKey(entry),
      hidden: hidden.has(index) || entry.hideFrom.viz,
    })),
  );
  const bands: uPlot.Band[] = stacked.bands.map((band) => ({ series: [band.upper + 1, band.lower + 1], dir: band.direction === 1 ? -1 : 1 }));
  // `fillBelowTo`: the series' fill stops at the named series below it.
  model.series.forEach((entry, index) => {
    if (!entry.fillBelowTo || entry.stacking.mode !== 'none') return;
    const target = model.series.findIndex((other, otherIndex) => otherIndex !== index && other.name === entry.fillBelowTo);
    if (target >= 0) bands.push({ series: [index + 1, target + 1], dir: -1 });
  });
  return { data: [model.times, ...stacked.values] as unknown as uPlot.AlignedData, bands };
}

export function buildChartOptions({ model, hidden, range, width, height, tooltip, theme, onZoom }: ChartOptions): uPlot.Options & { data: uPlot.AlignedData } {
  const groups = scaleGroups(model.series.map((entry, index) => (hidden.has(index) ? { ...entry, hideFrom: { ...entry.hideFrom, viz: true } } : entry)));
  const scales: uPlot.Scales = { x: { time: true, range: () => [range.from, range.to] } };
  let timeTicks: string[] = [];
  const axes: uPlot.Axis[] = [
    {
      stroke: theme.axis,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { show: false },
      space: 80,
      values: (_u, splits, _axis, _space, increment) => {
        const format = timeTickFormat(increment, range.to - range.from, range.timeZone);
        timeTicks = splits.map((split) => format(split));
        return timeTicks;
      },
    },
  ];
  let gridAssigned = false;
  const ticks: TickLabels = [];
  groups.forEach((group, index) => {
    scales[group.key] = scaleOptions(group);
    const gridShown = !gridAssigned && group.side !== 'hidden' && group.axis.gridShow;
    if (group.side !== 'hidden') gridAssigned = true;
    axes.push(valueAxis(group, gridShown, theme, ticks, index));
  });
  const { data, bands } = chartData(model, hidden);
  const plugins = [tooltipPlugin(model.series, tooltip.mode, tooltip.sort, range.timeZone)];
  const thresholds = thresholdsPlugin(model.series, theme.name);
  if (thresholds) plugins.push(thresholds);

  return {
    data,
    width,
    height,
    ms: 1,
    // Ticks on the whole hours and days of the dashboard's zone, not the browser's.
    tzDate: zonedDate(range.timeZone),
    pxAlign: false,
    // Room on the right for half of the last time label, which uPlot centres on its tick.
    padding: [12, 20, 0, 0],
    legend: { show: false },
    scales,
    axes,
    bands,
    series: [{}, ...model.series.map((entry, index) => seriesOptions(entry, hidden.has(index), theme))],
    cursor: {
      drag: { x: true, y: false, setScale: false },
      points: { size: 7, width: 2 },
      focus: { prox: 30 },
    },
    focus: { alpha: 1 },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    plugins,
    hooks: {
      draw: [
        (u) => {
          u.root.dataset.yTicks = ticks.map((labels) => labels.join('|')).join(';');
          u.root.dataset.xTicks = timeTicks.join('|');
        },
      ],
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

