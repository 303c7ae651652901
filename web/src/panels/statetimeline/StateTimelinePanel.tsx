// The state timeline panel (`state-timeline`): a row per field over the dashboard's time
// range, each state a coloured bar (value mappings and thresholds through the field config
// engine) with its text inside when it fits (`options.showValue`), equal neighbours merged
// (`mergeValues`), Grafana's row height, fill opacity and line width, a legend of states and
// a tooltip with the state's value, start and duration.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTheme } from '../../app/theme';
import { withAlpha } from '../../lib/fieldconfig';
import { formatTooltipTime, timeTickFormat } from '../../lib/time/axis';
import { formatValue, formattedToString } from '../../lib/units/format';
import type { PanelProps } from '../types';
import { canvasTheme, drawTimeLabels, prepareCanvas, timeTicks, X_AXIS_HEIGHT, type PlotLayout as Layout } from '../heatmap/axes';
import { legendItems, stateRows, type StateRow, type StateSegment } from './model';
import '../heatmap/chart.css';
import './statetimeline.css';

interface TimelineOptions {
  showValue?: 'auto' | 'always' | 'never';
  rowHeight?: number;
  alignValue?: 'left' | 'center' | 'right';
  mergeValues?: boolean;
  legend?: { showLegend?: boolean; displayMode?: 'list' | 'table' | 'hidden' };
  tooltip?: { mode?: 'single' | 'multi' | 'none' };
}



export function StateTimelinePanel({ panel, data, width, height, timeRange }: PanelProps) {
  const { theme } = useTheme();
  const options = useMemo(() => (panel.options ?? {}) as TimelineOptions, [panel.options]);
  const rows = useMemo(() => stateRows(panel, data.frames, theme, timeRange.to), [panel, data.frames, theme, timeRange.to]);
  const legend = useMemo(() => legendItems(rows, theme), [rows, theme]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ row: number; segment: StateSegment; x: number; y: number }>();
  const showLegend = options.legend?.showLegend !== false && options.legend?.displayMode !== 'hidden' && legend.length > 0;
  const chartHeight = Math.max(20, height - (showLegend ? 26 : 0));

  const layout = useMemo((): Layout => {
    const longest = rows.reduce((most, row) => Math.max(most, row.name.length), 1);
    const left = Math.min(200, Math.max(40, longest * 7 + 16));
    return { left, top: 0, plotWidth: Math.max(10, width - left - 4), plotHeight: Math.max(10, chartHeight - X_AXIS_HEIGHT), from: timeRange.from, to: timeRange.to };
  }, [rows, width, chartHeight, timeRange.from, timeRange.to]);

  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element || rows.length === 0) return;
    const context = prepareCanvas(element, width, chartHeight);
    if (context) drawTimeline(context, rows, layout, options, timeRange.timeZone ?? 'browser');
  }, [rows, layout, options, width, chartHeight, timeRange.timeZone, theme]);

  if (rows.length === 0) return <div className="panel-no-data">No data</div>;

  const onMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    if (options.tooltip?.mode === 'none') return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const row = Math.floor(((y - layout.top) / layout.plotHeight) * rows.length);
    const time = layout.from + ((x - layout.left) / layout.plotWidth) * (layout.to - layout.from);
    const segment = rows[row]?.segments.find((candidate) => time >= candidate.start && time < candidate.end);
    setHover(segment && x >= layout.left ? { row, segment, x, y } : undefined);
  };

  return (
    <div className="state-timeline" data-testid="state-timeline-panel">
      <div className="state-timeline__chart" style={{ height: chartHeight }}>
        <canvas ref={canvas} className="viz-canvas" onMouseMove={onMove} onMouseLeave={() => setHover(undefined)} />
        {hover && <TimelineTooltip row={rows[hover.row]!} segment={hover.segment} x={hover.x} y={hover.y} width={width} zone={timeRange.timeZone} />}
      </div>
      {showLegend && (
        <ul className="state-timeline__legend" aria-label="Legend">
          {legend.map((item) => (
            <li key={item.text}>
              <span className="state-timeline__swatch" style={{ background: item.color }} />
              {item.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function drawTimeline(context: CanvasRenderingContext2D, rows: StateRow[], layout: Layout, options: TimelineOptions, zone: string) {
  const colors = canvasTheme();
  const { left, top, plotWidth, plotHeight, from, to } = layout;
  const span = Math.max(1, to - from);
  const xPixel = (time: number) => left + ((time - from) / span) * plotWidth;
  const slot = plotHeight / rows.length;
  const barHeight = slot * Math.min(1, Math.max(0.1, options.rowHeight ?? 0.9));
  const showValue = options.showValue ?? 'auto';
  const align = options.alignValue ?? 'left';
  const fontSize = Math.max(10, Math.min(14, barHeight * 0.45));
  const family = colors.font.replace(/^\d+px /, '');

  context.font = colors.font;
  context.textBaseline = 'middle';
  rows.forEach((row, rowIndex) => {
    const y = top + rowIndex * slot + (slot - barHeight) / 2;
    context.fillStyle = colors.axis;
    context.textAlign = 'right';
    context.font = colors.font;
    context.fillText(row.name, left - 8, top + (rowIndex + 0.5) * slot, left - 12);
    const fillOpacity = typeof row.config.custom?.fillOpacity === 'number' ? row.config.custom.fillOpacity / 100 : 0.7;
    const lineWidth = typeof row.config.custom?.lineWidth === 'number' ? row.config.custom.lineWidth : 0;
    context.save();
    context.beginPath();
    context.rect(left, top, plotWidth, plotHeight);
    context.clip();
    for (const segment of row.segments) {
      const x0 = Math.max(left, xPixel(segment.start));
      const x1 = Math.min(left + plotWidth, xPixel(segment.end));
      if (x1 <= left || x0 >= left + plotWidth) continue;
      const width = Math.max(1, x1 - x0 - 1);
      context.fillStyle = withAlpha(segment.color, fillOpacity);
      context.fillRect(x0, y, width, barHeight);
      if (lineWidth > 0) {
        context.strokeStyle = segment.color;
        context.lineWidth = lineWidth;
        context.strokeRect(x0 + lineWidth / 2, y + lineWidth / 2, width - lineWidth, barHeight - lineWidth);
      }
      if (showValue === 'never' || !segment.text) continue;
      context.font = `${fontSize}px ${family}`;
      const textWidth = context.measureText(segment.text).width;
      if (showValue === 'auto' && (textWidth + 8 > width || fontSize > barHeight)) continue;
      context.fillStyle = colors.text;
      context.textAlign = align;
      const textX = align === 'left' ? x0 + 4 : align === 'right' ? x0 + width - 4 : x0 + width / 2;
      // Text that does not fit (`always`) is cut at the state's edges.
      const overflows = textWidth + 8 > width;
      if (overflows) {
        context.save();
        context.beginPath();
        context.rect(x0, y, width, barHeight);
        context.clip();
      }
      context.fillText(segment.text, textX, y + barHeight / 2);
      if (overflows) context.restore();
    }
    context.restore();
  });

  const { ticks, step } = timeTicks(from, to, Math.max(2, Math.floor(plotWidth / 90)), zone);
  const format = timeTickFormat(step, span, zone);
  context.font = colors.font;
  context.fillStyle = colors.axis;
  drawTimeLabels(context, ticks, format, xPixel, top + plotHeight + 6, left + plotWidth + 4);
}

function formatDuration(ms: number): string {
  return formattedToString(formatValue(ms, 'ms', ms >= 1000 ? 1 : 0));
}

function TimelineTooltip({ row, segment, x, y, width, zone }: { row: StateRow; segment: StateSegment; x: number; y: number; width: number; zone?: string }) {
  const flip = x > width - 220;
  return (
    <div className="viz-tooltip" role="tooltip" style={{ left: flip ? undefined : x + 14, right: flip ? width - x + 14 : undefined, top: y + 10 }}>
      <div className="viz-tooltip__title">{formatTooltipTime(segment.start, zone)}</div>
      <div className="viz-tooltip__row">
        <span className="viz-tooltip__name">
          <span className="viz-tooltip__swatch" style={{ background: segment.color }} />
          {row.name}
        </span>
        <strong>{segment.text || '—'}</strong>
      </div>
      <div className="viz-tooltip__row">
        <span>Duration</span>
        <strong>{formatDuration(segment.end - segment.start)}</strong>
      </div>
    </div>
  );
}
