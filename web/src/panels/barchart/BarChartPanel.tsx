// The bar chart panel (`barchart`): categorical bars on a canvas, grouped or stacked
// (`options.stacking`), vertical or horizontal (`options.orientation`, `auto` turns
// horizontal in a tall panel), value labels (`showValue`), Grafana's group and bar widths,
// fill opacity and line width, a legend and a tooltip for the category under the pointer.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTheme } from '../../app/theme';
import { colorMode, displayText, withAlpha } from '../../lib/fieldconfig';
import type { PanelProps } from '../types';
import { canvasTheme, numberTickLabels, numberTicks, prepareCanvas } from '../heatmap/axes';
import { barExtents, barModel, barSlot, valueRange, type Bar, type BarModel, type Stacking } from './model';
import '../heatmap/chart.css';
import './barchart.css';

interface BarChartOptions {
  orientation?: 'auto' | 'horizontal' | 'vertical';
  stacking?: Stacking;
  showValue?: 'auto' | 'always' | 'never';
  groupWidth?: number;
  barWidth?: number;
  barRadius?: number;
  xTickLabelRotation?: number;
  xTickLabelMaxLength?: number;
  legend?: { showLegend?: boolean; displayMode?: 'list' | 'table' | 'hidden'; placement?: 'bottom' | 'right' };
  tooltip?: { mode?: 'single' | 'multi' | 'none' };
  text?: { valueSize?: number };
}

interface Geometry {
  horizontal: boolean;
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  /** Value → pixel along the value axis. */
  valuePixel: (value: number) => number;
  /** Category slot size in pixels. */
  slot: number;
  /** The value axis' ends. */
  low: number;
  high: number;
}

const AXIS_SIZE = 24;

function isByValue(mode: string): boolean {
  return mode === 'thresholds' || mode.startsWith('continuous-');
}

export function BarChartPanel({ panel, data, width, height }: PanelProps) {
  const { theme } = useTheme();
  const options = useMemo(() => (panel.options ?? {}) as BarChartOptions, [panel.options]);
  const model = useMemo(() => barModel(panel, data, theme), [panel, data, theme]);
  const stacking = options.stacking ?? 'none';
  const bars = useMemo(() => (model ? barExtents(model, stacking) : []), [model, stacking]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ category: number; x: number; y: number }>();
  const legend = options.legend ?? {};
  const showLegend = legend.showLegend !== false && legend.displayMode !== 'hidden' && model !== undefined;
  const legendHeight = showLegend ? 24 : 0;
  const chartHeight = Math.max(20, height - legendHeight);
  const horizontal = options.orientation === 'horizontal' || ((options.orientation ?? 'auto') === 'auto' && width < height);

  const geometry = useMemo((): Geometry | undefined => {
    if (!model) return undefined;
    const unitWidth = longestTick(model, bars, stacking) * 7 + 12;
    const categoryWidth = Math.min(160, Math.max(...model.categories.map((category) => category.length), 1) * 7 + 12);
    const left = horizontal ? categoryWidth : unitWidth;
    const top = 8;
    const plotWidth = Math.max(10, width - left - 12);
    // Rotated category labels need room below the bars.
    const rotation = horizontal ? 0 : Math.abs(options.xTickLabelRotation ?? 0);
    const longest = Math.max(...model.categories.map((category) => shortLabel(category, options.xTickLabelMaxLength).length), 1) * 7;
    const axisSize = rotation ? Math.min(chartHeight * 0.4, Math.sin((rotation * Math.PI) / 180) * longest + 16) : AXIS_SIZE;
    const plotHeight = Math.max(10, chartHeight - top - axisSize);
    const range = valueRange(bars, { min: model.series[0]?.field.config.min, max: stacking === 'percent' ? 1 : model.series[0]?.field.config.max });
    // The axis ends on round numbers, as Grafana's does.
    const { step } = numberTicks(range.min, range.max, 5);
    const low = range.min < 0 ? Math.floor(range.min / step - 1e-9) * step : range.min;
    const high = stacking === 'percent' ? range.max : Math.ceil(range.max / step - 1e-9) * step;
    const span = high - low || 1;
    const valuePixel = horizontal ? (value: number) => left + ((value - low) / span) * plotWidth : (value: number) => top + plotHeight - ((value - low) / span) * plotHeight;
    return { horizontal, left, top, plotWidth, plotHeight, valuePixel, low, high, slot: (horizontal ? plotHeight : plotWidth) / Math.max(1, model.categories.length) };
  }, [model, bars, stacking, horizontal, width, chartHeight, options.xTickLabelRotation, options.xTickLabelMaxLength]);

  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element || !model || !geometry) return;
    const context = prepareCanvas(element, width, chartHeight);
    if (context) drawBars(context, model, bars, geometry, options, stacking);
  }, [model, bars, geometry, options, stacking, width, chartHeight, theme]);

  if (!model || !geometry) return <div className="panel-no-data">No data</div>;

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    if (options.tooltip?.mode === 'none') return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const along = geometry.horizontal ? y - geometry.top : x - geometry.left;
    const category = Math.floor(along / geometry.slot);
    const inside = x >= geometry.left && x <= geometry.left + geometry.plotWidth && y >= geometry.top && y <= geometry.top + geometry.plotHeight;
    setHover(inside && category >= 0 && category < model.categories.length ? { category, x, y } : undefined);
  };

  return (
    <div className="barchart" data-testid="barchart-panel">
      <div className="barchart__chart" style={{ height: chartHeight }}>
        <canvas ref={canvas} className="viz-canvas" onMouseMove={onMove} onMouseLeave={() => setHover(undefined)} />
        {hover && <BarTooltip model={model} hover={hover} width={width} />}
      </div>
      {showLegend && (
        <ul className="barchart__legend" aria-label="Legend">
          {model.series.map((series) => (
            <li key={series.name}>
              <span className="barchart__swatch" style={{ background: series.color }} />
              {series.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function longestTick(model: BarModel, bars: Bar[], stacking: Stacking): number {
  const range = valueRange(bars, {});
  const unit = stacking === 'percent' ? 'percentunit' : model.series[0]?.field.config.unit;
  return Math.max(...numberTickLabels(numberTicks(range.min, range.max, 5).ticks, unit).map((label) => label.length), 1);
}

function drawBars(context: CanvasRenderingContext2D, model: BarModel, bars: Bar[], geometry: Geometry, options: BarChartOptions, stacking: Stacking) {
  const colors = canvasTheme();
  const { horizontal, left, top, plotWidth, plotHeight, valuePixel, slot } = geometry;
  const stacked = stacking !== 'none';
  const unit = stacking === 'percent' ? 'percentunit' : model.series[0]?.field.config.unit;

  // Value axis: grid lines and labels.
  const ticks = numberTicks(geometry.low, geometry.high, horizontal ? Math.max(2, Math.floor(plotWidth / 90)) : Math.max(2, Math.floor(plotHeight / 50)));
  context.font = colors.font;
  context.strokeStyle = colors.grid;
  context.fillStyle = colors.axis;
  context.lineWidth = 1;
  const tickLabels = numberTickLabels(ticks.ticks, unit);
  ticks.ticks.forEach((tick, tickIndex) => {
    const at = Math.round(valuePixel(tick)) + 0.5;
    const label = tickLabels[tickIndex]!;
    context.beginPath();
    if (horizontal) {
      context.moveTo(at, top);
      context.lineTo(at, top + plotHeight);
      context.textAlign = 'center';
      context.textBaseline = 'top';
      context.fillText(label, at, top + plotHeight + 6);
    } else {
      context.moveTo(left, at);
      context.lineTo(left + plotWidth, at);
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      context.fillText(label, left - 6, at);
    }
    context.stroke();
  });

  // Category labels (`xTickLabelRotation`, `xTickLabelMaxLength`), thinned out when they
  // would overlap.
  const rotation = horizontal ? 0 : Math.max(-90, Math.min(90, options.xTickLabelRotation ?? 0));
  const categoryLabels = model.categories.map((category) => shortLabel(category, options.xTickLabelMaxLength));
  const labelSize = horizontal || rotation ? 16 : Math.max(...categoryLabels.map((category) => context.measureText(category).width)) + 8;
  const every = Math.max(1, Math.ceil(labelSize / Math.max(1, slot)));
  context.fillStyle = colors.axis;
  categoryLabels.forEach((category, index) => {
    if (index % every !== 0) return;
    const centre = (horizontal ? top : left) + (index + 0.5) * slot;
    if (horizontal) {
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      context.fillText(truncate(context, category, left - 8), left - 6, centre);
    } else if (rotation) {
      context.save();
      context.translate(centre, top + plotHeight + 6);
      context.rotate((rotation * Math.PI) / 180);
      context.textAlign = rotation < 0 ? 'right' : 'left';
      context.textBaseline = 'middle';
      context.fillText(category, 0, 0);
      context.restore();
    } else {
      context.textAlign = 'center';
      context.textBaseline = 'top';
      context.fillText(category, centre, top + plotHeight + 6);
    }
  });

  // Bars, then their value labels.
  const labels: { text: string; x: number; y: number; inside: boolean }[] = [];
  const valueSize = options.text?.valueSize ?? Math.max(10, Math.min(14, slot / Math.max(1, stacked ? 1 : model.series.length) / 2.2));
  context.font = `${valueSize}px ${colors.font.replace(/^\d+px /, '')}`;
  for (const bar of bars) {
    const series = model.series[bar.series]!;
    if (bar.value === null) continue;
    const { offset, size } = barSlot(bar.series, model.series.length, stacked, options.groupWidth ?? 0.7, options.barWidth ?? 0.97);
    const along = (horizontal ? top : left) + (bar.category + offset) * slot;
    const thickness = Math.max(1, size * slot);
    const from = valuePixel(bar.start);
    const to = valuePixel(bar.end);
    const display = series.field.display(bar.value);
    const color = display.mapped || isByValue(colorMode(series.field.config, { defaultColorMode: 'palette-classic' })) ? display.color : series.color;
    const fillOpacity = typeof series.field.config.custom?.fillOpacity === 'number' ? series.field.config.custom.fillOpacity / 100 : 0.8;
    const lineWidth = typeof series.field.config.custom?.lineWidth === 'number' ? series.field.config.custom.lineWidth : 1;
    const [x, y, w, h] = horizontal ? [Math.min(from, to), along, Math.abs(to - from), thickness] : [along, Math.min(from, to), thickness, Math.abs(to - from)];
    context.fillStyle = withAlpha(color, fillOpacity);
    roundedRect(context, x, y, w, h, Math.min(options.barRadius ?? 0, 0.5) * Math.min(w, h));
    context.fill();
    if (lineWidth > 0 && w > 2 && h > 2) {
      context.strokeStyle = color;
      context.lineWidth = lineWidth;
      context.stroke();
    }
    const text = displayText(display);
    // A label may be wider than its bar, not wider than the bar's share of the group.
    const share = (slot * (options.groupWidth ?? 0.7)) / (stacked ? 1 : model.series.length);
    const fits = horizontal || stacked ? thickness >= valueSize && (!stacked || context.measureText(text).width + 4 <= (horizontal ? Math.abs(to - from) : share)) : context.measureText(text).width <= share + 8 && thickness >= 6;
    const show = options.showValue === 'always' || ((options.showValue ?? 'auto') === 'auto' && fits);
    if (!show) continue;
    if (stacked) labels.push({ text, x: x + w / 2, y: y + h / 2, inside: true });
    else if (horizontal) labels.push({ text, x: bar.value >= 0 ? x + w + 4 : x - 4, y: y + h / 2, inside: false });
    else labels.push({ text, x: x + w / 2, y: bar.value >= 0 ? y - 4 : y + h + 4, inside: false });
  }
  for (const label of labels) {
    context.fillStyle = label.inside ? '#fff' : colors.text;
    context.textAlign = label.inside || !horizontal ? 'center' : 'left';
    context.textBaseline = label.inside || horizontal ? 'middle' : 'bottom';
    context.fillText(label.text, label.x, label.y);
  }
}

function shortLabel(text: string, maxLength: number | undefined): string {
  return maxLength && maxLength > 0 && text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

function truncate(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function roundedRect(context: CanvasRenderingContext2D, x: number, y: number, width: number, height: number, radius: number) {
  context.beginPath();
  if (radius > 0 && typeof context.roundRect === 'function') context.roundRect(x, y, width, height, radius);
  else context.rect(x, y, width, height);
}

function BarTooltip({ model, hover, width }: { model: BarModel; hover: { category: number; x: number; y: number }; width: number }) {
  const flip = hover.x > width - 200;
  return (
    <div className="viz-tooltip" role="tooltip" style={{ left: flip ? undefined : hover.x + 14, right: flip ? width - hover.x + 14 : undefined, top: hover.y + 10 }}>
      <div className="viz-tooltip__title">{model.categories[hover.category]}</div>
      {model.series.map((series) => {
        const value = series.values[hover.category] ?? null;
        return (
          <div key={series.name} className="viz-tooltip__row">
            <span className="viz-tooltip__name">
              <span className="viz-tooltip__swatch" style={{ background: series.color }} />
              {series.name}
            </span>
            <strong>{displayText(series.field.display(value))}</strong>
          </div>
        );
      })}
    </div>
  );
}
