// The heatmap panel (`heatmap`): a grid of coloured cells over the dashboard's time range,
// from bucket frames or counted from time series (`options.calculate`), coloured by a scheme
// or one colour's opacity (`options.color`), with the y buckets' labels, a colour legend and
// a tooltip naming the cell's time, bucket and count.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTheme } from '../../app/theme';
import { contrastText } from '../../lib/fieldconfig';
import { formatValue, formattedToString } from '../../lib/units/format';
import { timeTickFormat, formatTooltipTime } from '../../lib/time/axis';
import type { PanelProps } from '../types';
import { canvasTheme, drawTimeLabels, prepareCanvas, timeTicks, X_AXIS_HEIGHT, type PlotLayout } from './axes';
import { colorPosition, countColor, heatmapFromBuckets, heatmapFromSeries, heatmapPalette, type CalculationOptions, type ColorOptions, type HeatmapModel } from './model';
import './chart.css';

interface HeatmapOptions {
  calculate?: boolean;
  calculation?: CalculationOptions;
  color?: ColorOptions;
  cellGap?: number;
  cellValues?: { unit?: string; decimals?: number };
  filterValues?: { le?: number; ge?: number };
  yAxis?: { unit?: string; decimals?: number; reverse?: boolean; axisPlacement?: 'left' | 'right' | 'hidden' };
  legend?: { show?: boolean };
  tooltip?: { show?: boolean; mode?: string; yHistogram?: boolean };
  showValue?: 'auto' | 'always' | 'never';
}

const LEGEND_HEIGHT = 30;

interface Layout extends PlotLayout {
  rows: number;
}

interface Hover {
  x: number;
  y: number;
  column: number;
  row: number;
}

function yLabel(model: HeatmapModel, row: number, options: HeatmapOptions, calculated: boolean): string {
  const bounds = model.yBounds?.[row];
  const unit = options.yAxis?.unit;
  if (calculated && bounds) return formattedToString(formatValue(bounds[0], unit, options.yAxis?.decimals));
  const label = model.yLabels[row] ?? '';
  const numeric = Number(label);
  return unit && label !== '' && !Number.isNaN(numeric) ? formattedToString(formatValue(numeric, unit, options.yAxis?.decimals)) : label;
}

export function HeatmapPanel({ panel, data, width, height, timeRange }: PanelProps) {
  const { theme } = useTheme();
  const options = useMemo(() => (panel.options ?? {}) as HeatmapOptions, [panel.options]);
  const calculated = options.calculate === true;
  const model = useMemo(
    () => (calculated ? heatmapFromSeries(data.frames, options.calculation, Math.max(10, Math.floor(width / 8))) : heatmapFromBuckets(data.frames)),
    [calculated, data.frames, options.calculation, width],
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover>();
  const showLegend = options.legend?.show !== false;
  const chartHeight = height - (showLegend ? LEGEND_HEIGHT : 0);
  const palette = useMemo(() => heatmapPalette(options.color ?? {}, theme), [options.color, theme]);

  const layout = useMemo((): Layout | undefined => {
    if (!model) return undefined;
    const axisPlacement = options.yAxis?.axisPlacement ?? 'left';
    const longest = model.yLabels.reduce((most, _, row) => Math.max(most, yLabel(model, row, options, calculated).length), 1);
    const axisWidth = axisPlacement === 'hidden' ? 0 : Math.min(120, 12 + longest * 7);
    return {
      left: axisPlacement === 'left' ? axisWidth : 0,
      top: 6,
      plotWidth: Math.max(10, width - axisWidth - 8),
      plotHeight: Math.max(10, chartHeight - X_AXIS_HEIGHT - 6),
      from: timeRange.from,
      to: timeRange.to,
      rows: model.yLabels.length,
    };
  }, [model, options, calculated, width, chartHeight, timeRange.from, timeRange.to]);

  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element || !model || !layout) return;
    const context = prepareCanvas(element, width, chartHeight);
    if (!context) return;
    drawHeatmap(context, model, layout, options, palette, timeRange.timeZone ?? 'browser', calculated);
  }, [model, layout, options, palette, width, chartHeight, timeRange.timeZone, calculated, theme]);

  if (!model || !layout) return <div className="panel-no-data">No data</div>;

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    if (options.tooltip?.show === false || options.tooltip?.mode === 'none') return;
    const bounds = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - bounds.left;
    const y = event.clientY - bounds.top;
    const time = layout.from + ((x - layout.left) / layout.plotWidth) * (layout.to - layout.from);
    const column = model.xs.findIndex((start) => time >= start && time < start + model.xSize);
    const rowFromTop = Math.floor(((y - layout.top) / layout.plotHeight) * layout.rows);
    const row = options.yAxis?.reverse ? rowFromTop : layout.rows - 1 - rowFromTop;
    if (column < 0 || row < 0 || row >= layout.rows || x < layout.left || x > layout.left + layout.plotWidth) setHover(undefined);
    else setHover({ x, y, column, row });
  };

  return (
    <div className="heatmap" data-testid="heatmap-panel">
      <canvas ref={canvas} className="viz-canvas" onMouseMove={onMove} onMouseLeave={() => setHover(undefined)} />
      {hover && <HeatmapTooltip model={model} hover={hover} options={options} calculated={calculated} width={width} zone={timeRange.timeZone} />}
      {showLegend && <ColorLegend palette={palette} min={options.color?.min ?? model.min} max={options.color?.max ?? model.max} unit={options.cellValues?.unit} />}
    </div>
  );
}

function drawHeatmap(context: CanvasRenderingContext2D, model: HeatmapModel, layout: Layout, options: HeatmapOptions, palette: string[], zone: string, calculated: boolean) {
  const colors = canvasTheme();
  const { left, top, plotWidth, plotHeight, from, to, rows } = layout;
  const span = Math.max(1, to - from);
  const xPixel = (time: number) => left + ((time - from) / span) * plotWidth;
  const rowHeight = plotHeight / rows;
  const gap = Math.max(0, Math.min(options.cellGap ?? 1, 25));
  const hideAtOrBelow = options.filterValues?.le ?? 1e-9;
  const hideAtOrAbove = options.filterValues?.ge;
  const color = options.color ?? {};

  const showValue = options.showValue ?? 'auto';
  const valueFont = 11;
  context.save();
  context.beginPath();
  context.rect(left, top, plotWidth, plotHeight);
  context.clip();
  context.font = `${valueFont}px ${colors.font.replace(/^\d+px /, '')}`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  model.xs.forEach((start, column) => {
    const x0 = xPixel(start);
    const x1 = xPixel(start + model.xSize);
    if (x1 < left || x0 > left + plotWidth) return;
    const cellWidth = Math.max(1, x1 - x0 - gap);
    model.counts[column]!.forEach((count, row) => {
      if (count === null || Number.isNaN(count) || count <= hideAtOrBelow || (hideAtOrAbove !== undefined && count >= hideAtOrAbove)) return;
      const rowFromTop = options.yAxis?.reverse ? row : rows - 1 - row;
      const fill = countColor(palette, colorPosition(count, model.min, model.max, color));
      const y = top + rowFromTop * rowHeight;
      context.fillStyle = fill;
      context.fillRect(x0, y, cellWidth, Math.max(1, rowHeight - gap));
      if (showValue === 'never') return;
      // Counts in the cells: always, or when they fit (`auto`).
      const text = formattedToString(formatValue(count, options.cellValues?.unit, options.cellValues?.decimals));
      if (showValue === 'auto' && (context.measureText(text).width + 6 > cellWidth || rowHeight - gap < valueFont + 2)) return;
      context.fillStyle = contrastText(fill);
      context.fillText(text, x0 + cellWidth / 2, y + (rowHeight - gap) / 2);
    });
  });
  context.restore();

  context.font = colors.font;
  context.fillStyle = colors.axis;
  // Y labels: every row's when they fit, else every few rows'.
  if (options.yAxis?.axisPlacement !== 'hidden') {
    const every = Math.max(1, Math.ceil(16 / rowHeight));
    context.textAlign = 'right';
    context.textBaseline = calculated ? 'alphabetic' : 'middle';
    for (let row = 0; row < rows; row += every) {
      const rowFromTop = options.yAxis?.reverse ? row : rows - 1 - row;
      const y = calculated ? top + (rowFromTop + 1) * rowHeight - 1 : top + (rowFromTop + 0.5) * rowHeight;
      context.fillText(yLabel(model, row, options, calculated), left - 6, y);
    }
  }
  // X axis: time ticks across the range.
  const { ticks, step } = timeTicks(from, to, Math.max(2, Math.floor(plotWidth / 90)), zone);
  const format = timeTickFormat(step, span, zone);
  drawTimeLabels(context, ticks, format, xPixel, top + plotHeight + 6, left + plotWidth + 8);
}

function HeatmapTooltip({ model, hover, options, calculated, width, zone }: { model: HeatmapModel; hover: Hover; options: HeatmapOptions; calculated: boolean; width: number; zone?: string }) {
  const count = model.counts[hover.column]?.[hover.row];
  const start = model.xs[hover.column]!;
  const bounds = model.yBounds?.[hover.row];
  const unit = options.yAxis?.unit;
  const bucket = bounds
    ? `${formattedToString(formatValue(bounds[0], unit, options.yAxis?.decimals))} – ${bounds[1] === Infinity ? '+Inf' : formattedToString(formatValue(bounds[1], unit, options.yAxis?.decimals))}`
    : yLabel(model, hover.row, options, calculated);
  const shownCount = count === null || count === undefined ? 'No value' : formattedToString(formatValue(count, options.cellValues?.unit, options.cellValues?.decimals));
  const flip = hover.x > width - 220;
  return (
    <div className="viz-tooltip" role="tooltip" style={{ left: flip ? undefined : hover.x + 14, right: flip ? width - hover.x + 14 : undefined, top: hover.y + 10 }}>
      <div className="viz-tooltip__title">{formatTooltipTime(start, zone)}</div>
      <div className="viz-tooltip__row">
        <span>Bucket</span>
        <strong>{bucket}</strong>
      </div>
      <div className="viz-tooltip__row">
        <span>Count</span>
        <strong>{shownCount}</strong>
      </div>
    </div>
  );
}

function ColorLegend({ palette, min, max, unit }: { palette: string[]; min: number; max: number; unit?: string }) {
  const gradient = `linear-gradient(90deg, ${palette.map((color, index) => `${color} ${((index / (palette.length - 1)) * 100).toFixed(1)}%`).join(', ')})`;
  return (
    <div className="heatmap__legend" style={{ height: LEGEND_HEIGHT }}>
      <span>{formattedToString(formatValue(min, unit))}</span>
      <span className="heatmap__legend-bar" style={{ background: gradient }} />
      <span>{formattedToString(formatValue(max, unit))}</span>
    </div>
  );
}
