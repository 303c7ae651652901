// What the time series panel draws: every number field joined on time, with its resolved
// field config (Grafana's `custom` options: draw style, line width, fill, points, …).
import type { PanelModel } from '../../api/types';
import { seriesColor } from '../../lib/data/colors';
import { alignTimeSeries, resolveFieldConfig, type PanelData } from '../../lib/data/frames';

export interface SeriesStyle {
  drawStyle: 'line' | 'bars' | 'points';
  lineInterpolation: 'linear' | 'smooth' | 'stepBefore' | 'stepAfter';
  lineWidth: number;
  fillOpacity: number;
  gradientMode: 'none' | 'opacity' | 'hue' | 'scheme';
  showPoints: 'auto' | 'always' | 'never';
  pointSize: number;
  spanNulls: boolean;
  axisPlacement: 'auto' | 'left' | 'right' | 'hidden';
}

export interface SeriesModel {
  name: string;
  values: (number | null)[];
  color: string;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  style: SeriesStyle;
  hideFrom: { legend: boolean; tooltip: boolean; viz: boolean };
}

export interface TimeSeriesModel {
  times: number[];
  series: SeriesModel[];
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function buildTimeSeriesModel(panel: PanelModel, data: PanelData): TimeSeriesModel {
  const aligned = alignTimeSeries(data.frames);
  const series = aligned.series.map((entry, index): SeriesModel => {
    const config = resolveFieldConfig(entry.field, entry.frame, entry.name, panel.fieldConfig);
    const custom = config.custom ?? {};
    const hideFrom = (custom.hideFrom ?? {}) as Record<string, unknown>;
    return {
      name: config.displayName || entry.name,
      values: entry.values,
      color: seriesColor(config, index),
      unit: config.unit,
      decimals: typeof config.decimals === 'number' ? config.decimals : undefined,
      min: typeof config.min === 'number' ? config.min : undefined,
      max: typeof config.max === 'number' ? config.max : undefined,
      style: {
        drawStyle: pick(custom.drawStyle, ['line', 'bars', 'points'], 'line'),
        lineInterpolation: pick(custom.lineInterpolation, ['linear', 'smooth', 'stepBefore', 'stepAfter'], 'linear'),
        lineWidth: number(custom.lineWidth, 1),
        fillOpacity: number(custom.fillOpacity, 0),
        gradientMode: pick(custom.gradientMode, ['none', 'opacity', 'hue', 'scheme'], 'none'),
        showPoints: pick(custom.showPoints, ['auto', 'always', 'never'], 'auto'),
        pointSize: number(custom.pointSize, 5),
        spanNulls: custom.spanNulls === true,
        axisPlacement: pick(custom.axisPlacement, ['auto', 'left', 'right', 'hidden'], 'auto'),
      },
      hideFrom: { legend: hideFrom.legend === true, tooltip: hideFrom.tooltip === true, viz: hideFrom.viz === true },
    };
  });
  return { times: aligned.times, series };
}
