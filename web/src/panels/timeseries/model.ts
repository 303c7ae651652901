// What the time series panel draws: every number field of every frame with a time field,
// joined on time, with its field config resolved by the engine (`lib/fieldconfig`) and
// Grafana's `custom` options read into a typed style (draw style, interpolation, fill,
// points, stacking, axis, thresholds style, transform, hide-from).
//
// Joined data keeps Grafana's (and uPlot's) distinction: `null` is a real gap in a series,
// `undefined` a time another series has and this one does not, which lines join across.
import type { PanelModel } from '../../api/types';
import { timeField, toTime, type Frame, type PanelData } from '../../lib/data/frames';
import { processFields, type DisplayProcessor, type FieldConfig, type FieldRange, type ProcessedField, type ThemeName } from '../../lib/fieldconfig';
import type { StackingMode } from './stacking';

export type Value = number | null | undefined;

export type ThresholdsStyleMode = 'off' | 'line' | 'dashed' | 'area' | 'line+area' | 'dashed+area' | 'series';

export interface SeriesStyle {
  drawStyle: 'line' | 'bars' | 'points';
  lineInterpolation: 'linear' | 'smooth' | 'stepBefore' | 'stepAfter';
  lineWidth: number;
  /** Dash pattern in px; empty for a solid line. */
  lineDash: number[];
  fillOpacity: number;
  gradientMode: 'none' | 'opacity' | 'hue' | 'scheme';
  showPoints: 'auto' | 'always' | 'never';
  pointSize: number;
  /** true: join across every gap; a number: join gaps shorter than that many ms. */
  spanNulls: boolean | number;
  barAlignment: -1 | 0 | 1;
  barWidthFactor: number;
  barMaxWidth: number;
}

export interface AxisStyle {
  placement: 'auto' | 'left' | 'right' | 'hidden';
  label: string;
  softMin?: number;
  softMax?: number;
  /** Hard limits: the field's `min`/`max`. */
  min?: number;
  max?: number;
  distribution: { type: 'linear' | 'log' | 'symlog'; log: number; linearThreshold: number };
  centeredZero: boolean;
  colorMode: 'text' | 'series';
  gridShow: boolean;
  width?: number;
}

export interface SeriesModel {
  name: string;
  /** Raw values, joined on the panel's times (tooltip and legend read these). */
  values: Value[];
  /** Values as drawn: transformed (negative-Y) and later stacked. */
  plotValues: Value[];
  color: string;
  config: FieldConfig;
  display: DisplayProcessor;
  range: FieldRange;
  unit?: string;
  decimals?: number;
  style: SeriesStyle;
  axis: AxisStyle;
  stacking: { mode: StackingMode; group: string };
  thresholdsStyle: ThresholdsStyleMode;
  transform: 'none' | 'negative-Y' | 'constant';
  /** The display name of a series this one fills down (or up) to, instead of the axis. */
  fillBelowTo?: string;
  hideFrom: { legend: boolean; tooltip: boolean; viz: boolean };
  field: ProcessedField;
}

export interface TimeSeriesModel {
  times: number[];
  series: SeriesModel[];
}

function pick<T extends string | number>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function lineDash(custom: Record<string, unknown>): number[] {
  const style = record(custom.lineStyle);
  if (style.fill === 'dash') return Array.isArray(style.dash) ? style.dash.filter((part): part is number => typeof part === 'number') : [10, 10];
  if (style.fill === 'dot') return Array.isArray(style.dash) ? style.dash.filter((part): part is number => typeof part === 'number') : [0, 10];
  return [];
}

/** Reads Grafana's `custom` options of one field. */
export function seriesOptions(config: FieldConfig): Pick<SeriesModel, 'style' | 'axis' | 'stacking' | 'thresholdsStyle' | 'transform' | 'fillBelowTo' | 'hideFrom'> {
  const custom = config.custom ?? {};
  const hideFrom = record(custom.hideFrom);
  const stacking = record(custom.stacking);
  const distribution = record(custom.scaleDistribution);
  const spanNulls = custom.spanNulls;
  return {
    style: {
      drawStyle: pick(custom.drawStyle, ['line', 'bars', 'points'], 'line'),
      lineInterpolation: pick(custom.lineInterpolation, ['linear', 'smooth', 'stepBefore', 'stepAfter'], 'linear'),
      lineWidth: number(custom.lineWidth, 1),
      lineDash: lineDash(custom),
      fillOpacity: number(custom.fillOpacity, 0),
      gradientMode: pick(custom.gradientMode, ['none', 'opacity', 'hue', 'scheme'], 'none'),
      showPoints: pick(custom.showPoints, ['auto', 'always', 'never'], 'auto'),
      pointSize: number(custom.pointSize, 5),
      spanNulls: typeof spanNulls === 'number' && spanNulls > 0 ? spanNulls : spanNulls === true,
      barAlignment: pick(custom.barAlignment, [-1, 0, 1], 0),
      barWidthFactor: number(custom.barWidthFactor, 0.6),
      barMaxWidth: number(custom.barMaxWidth, 200),
    },
    axis: {
      placement: pick(custom.axisPlacement, ['auto', 'left', 'right', 'hidden'], 'auto'),
      label: typeof custom.axisLabel === 'string' ? custom.axisLabel : '',
      softMin: optionalNumber(custom.axisSoftMin),
      softMax: optionalNumber(custom.axisSoftMax),
      min: optionalNumber(config.min),
      max: optionalNumber(config.max),
      distribution: {
        type: pick(distribution.type, ['linear', 'log', 'symlog'], 'linear'),
        log: pick(distribution.log, [2, 10], 2),
        linearThreshold: number(distribution.linearThreshold, 1),
      },
      centeredZero: custom.axisCenteredZero === true,
      colorMode: custom.axisColorMode === 'series' ? 'series' : 'text',
      gridShow: custom.axisGridShow !== false,
      width: optionalNumber(custom.axisWidth),
    },
    stacking: { mode: pick(stacking.mode, ['none', 'normal', 'percent'], 'none'), group: typeof stacking.group === 'string' ? stacking.group : 'A' },
    thresholdsStyle: pick(record(custom.thresholdsStyle).mode, ['off', 'line', 'dashed', 'area', 'line+area', 'dashed+area', 'series'], 'off'),
    transform: pick(custom.transform, ['none', 'negative-Y', 'constant'], 'none'),
    fillBelowTo: typeof custom.fillBelowTo === 'string' && custom.fillBelowTo ? custom.fillBelowTo : undefined,
    hideFrom: { legend: hideFrom.legend === true, tooltip: hideFrom.tooltip === true, viz: hideFrom.viz === true },
  };
}

/** `null`s in gaps shorter than `threshold` ms become `undefined`, which lines join across. */
export function spanShortGaps(times: readonly number[], values: Value[], threshold: number): Value[] {
  const result = [...values];
  let lastReal = -1;
  for (let index = 0; index < values.length; index++) {
    if (values[index] === undefined) continue;
    if (values[index] !== null) {
      if (lastReal >= 0 && index - lastReal > 1 && times[index]! - times[lastReal]! < threshold) {
        for (let gap = lastReal + 1; gap < index; gap++) if (result[gap] === null) result[gap] = undefined;
      }
      lastReal = index;
    }
  }
  return result;
}

function transformValues(values: Value[], transform: SeriesModel['transform']): Value[] {
  if (transform === 'negative-Y') return values.map((value) => (typeof value === 'number' ? -value : value));
  if (transform === 'constant') {
    const first = values.find((value): value is number => typeof value === 'number');
    return values.map(() => first ?? null);
  }
  return values;
}

/** A log axis cannot place zero or negative values: they become gaps. */
function logSafe(values: Value[], isLog: boolean): Value[] {
  return isLog ? values.map((value) => (typeof value === 'number' && value <= 0 ? null : value)) : values;
}

export function buildTimeSeriesModel(panel: PanelModel, data: PanelData, theme: ThemeName = 'dark'): TimeSeriesModel {
  const frames: Frame[] = data.frames.filter((frame) => timeField(frame));
  const processed = processFields(frames, panel.fieldConfig, { theme, defaultColorMode: 'palette-classic' });
  const byField = new Map(processed.map((entry) => [entry.field, entry]));

  const allTimes = new Set<number>();
  const frameTimes = frames.map((frame) => timeField(frame)!.values.map(toTime));
  for (const times of frameTimes) for (const time of times) if (time !== null) allTimes.add(time);
  const times = [...allTimes].sort((a, b) => a - b);
  const indexOf = new Map(times.map((time, index) => [time, index]));

  const series: SeriesModel[] = [];
  frames.forEach((frame, frameIndex) => {
    for (const field of frame.fields) {
      if (field.type !== 'number') continue;
      const entry = byField.get(field)!;
      const values = new Array<Value>(times.length).fill(undefined);
      field.values.forEach((value, row) => {
        const time = frameTimes[frameIndex]![row];
        const index = time === null || time === undefined ? undefined : indexOf.get(time);
        if (index !== undefined) values[index] = typeof value === 'number' && Number.isFinite(value) ? value : null;
      });
      const options = seriesOptions(entry.config);
      const spanned = typeof options.style.spanNulls === 'number' ? spanShortGaps(times, values, options.style.spanNulls) : values;
      series.push({
        name: entry.name,
        values,
        plotValues: logSafe(transformValues(spanned, options.transform), options.axis.distribution.type === 'log'),
        color: entry.color,
        config: entry.config,
        display: entry.display,
        range: entry.range,
        unit: typeof entry.config.unit === 'string' ? entry.config.unit : undefined,
        decimals: optionalNumber(entry.config.decimals),
        ...options,
        field: entry,
      });
    }
  });
  return { times, series };
}
