// The heatmap's cells: already bucketed frames (a time field and one number field per bucket,
// named by its bound or carrying an `le` label, as TestData's and Prometheus' heatmap frames
// are: `calculate: false`) or buckets counted from time series (`calculate: true`, Grafana's
// `calculation.xBuckets`/`yBuckets` by size or count, linear or log), and the colour each
// count gets (`options.color`: a scheme or the opacity of one colour).
import { alignTimeSeries, type Frame } from '../../lib/data/frames';
import { colorByName, interpolateColors, withAlpha, type ThemeName } from '../../lib/fieldconfig';
import { parseDuration } from '../../lib/time/range';
import { numberTicks } from './axes';

export interface HeatmapModel {
  /** Start time of each column, ascending. */
  xs: number[];
  /** The columns' width in ms. */
  xSize: number;
  /** One label per row, bottom row first. */
  yLabels: string[];
  /** Each row's numeric lower and upper bound, when the buckets are numeric. */
  yBounds?: [number, number][];
  /** `counts[x][y]`; null where there is no value. */
  counts: (number | null)[][];
  min: number;
  max: number;
}

function medianStep(times: readonly number[]): number {
  const steps: number[] = [];
  for (let index = 1; index < times.length; index++) steps.push(times[index]! - times[index - 1]!);
  if (steps.length === 0) return 1000;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]! || 1000;
}

function bucketBound(name: string, labels: Record<string, string> | undefined): number {
  const text = labels?.le ?? name;
  if (/^\+?inf$/i.test(text.trim())) return Infinity;
  const value = Number(text);
  return Number.isNaN(value) ? NaN : value;
}

function minMaxOf(counts: (number | null)[][]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const column of counts) {
    for (const count of column) {
      if (count === null || Number.isNaN(count)) continue;
      if (count < min) min = count;
      if (count > max) max = count;
    }
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 0 };
}

/** Cells from bucket frames: each time a column, each number field a row, rows ordered by
 * their numeric bound when every field has one (else as they come). */
export function heatmapFromBuckets(frames: Frame[]): HeatmapModel | undefined {
  const aligned = alignTimeSeries(frames);
  if (aligned.times.length === 0 || aligned.series.length === 0) return undefined;
  const rows = aligned.series.map((series) => ({ series, bound: bucketBound(series.name, series.field.labels) }));
  const numeric = rows.every((row) => !Number.isNaN(row.bound));
  if (numeric) rows.sort((a, b) => a.bound - b.bound);
  const counts = aligned.times.map((_, x) => rows.map((row) => row.series.values[x] ?? null));
  const yBounds = numeric ? rows.map((row, index): [number, number] => [index === 0 ? (row.bound > 0 ? 0 : row.bound) : rows[index - 1]!.bound, row.bound]) : undefined;
  return {
    xs: aligned.times,
    xSize: medianStep(aligned.times),
    yLabels: rows.map((row) => (row.bound === Infinity ? '+Inf' : row.series.name)),
    yBounds,
    counts,
    ...minMaxOf(counts),
  };
}

export interface CalculationOptions {
  xBuckets?: { mode?: 'size' | 'count'; value?: string };
  yBuckets?: { mode?: 'size' | 'count'; value?: string; scale?: { type?: 'linear' | 'log'; log?: number } };
}

/** Bucket edges for values `min`…`max`: linear by size or count, or powers of the log base. */
export function yBucketEdges(min: number, max: number, options: CalculationOptions['yBuckets'] = {}): number[] {
  const scale = options.scale?.type === 'log' ? (options.scale.log ?? 2) : undefined;
  const value = Number(options.value);
  if (scale && min > 0) {
    const split = options.mode === 'count' || !Number.isFinite(value) || value <= 0 ? 1 : value;
    const step = 1 / split;
    const low = Math.floor(Math.log(min) / Math.log(scale));
    const high = Math.max(low + 1, Math.ceil(Math.log(max) / Math.log(scale) - 1e-9));
    const edges: number[] = [];
    for (let exponent = low; exponent <= high + 1e-9; exponent += step) edges.push(Math.pow(scale, exponent));
    if (edges.length < 2) edges.push(edges[0]! * scale);
    return edges;
  }
  if (min === max) return [min - 0.5, max + 0.5];
  // By size as given; by count (10 when unset) on a round size, so the edges read well.
  const size =
    options.mode === 'size' && Number.isFinite(value) && value > 0
      ? value
      : numberTicks(min, max, options.mode === 'count' && Number.isFinite(value) && value > 0 ? value : 10).step;
  const start = Math.floor(min / size + 1e-9) * size;
  const edges: number[] = [];
  for (let edge = start; edge < max - size * 1e-9 && edges.length < 1000; edge += size) edges.push(edge);
  edges.push(edges[edges.length - 1]! + size);
  return edges;
}

/** The index of the bucket `value` falls in (`edges[i] <= value < edges[i+1]`, the last
 * bucket closed), or -1 outside. */
export function bucketIndex(edges: readonly number[], value: number): number {
  if (value < edges[0]! || value > edges[edges.length - 1]!) return -1;
  let low = 0;
  let high = edges.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (edges[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Cells counted from every number field of time-series frames. `defaultColumns` caps the
 * columns when `xBuckets` sets nothing (one per distinct time otherwise). */
export function heatmapFromSeries(frames: Frame[], options: CalculationOptions = {}, defaultColumns = 100): HeatmapModel | undefined {
  const aligned = alignTimeSeries(frames);
  if (aligned.times.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const series of aligned.series) {
    for (const value of series.values) {
      if (value === null) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (!Number.isFinite(min)) return undefined;
  const first = aligned.times[0]!;
  const last = aligned.times[aligned.times.length - 1]!;
  const xValue = options.xBuckets?.value;
  let xSize: number;
  if (options.xBuckets?.mode === 'count' && Number(xValue) > 0) xSize = Math.max(1, (last - first) / Number(xValue));
  else if (xValue && parseDuration(xValue)) xSize = parseDuration(xValue)!;
  else xSize = Math.max(medianStep(aligned.times), (last - first) / defaultColumns);
  const columns = Math.max(1, Math.floor((last - first) / xSize) + 1);
  const edges = yBucketEdges(min, max, options.yBuckets);
  const counts = Array.from({ length: columns }, () => new Array<number | null>(edges.length - 1).fill(0));
  aligned.times.forEach((time, row) => {
    const column = Math.min(columns - 1, Math.floor((time - first) / xSize));
    for (const series of aligned.series) {
      const value = series.values[row];
      if (value === null || value === undefined) continue;
      const bucket = bucketIndex(edges, value);
      if (bucket >= 0) counts[column]![bucket] = (counts[column]![bucket] ?? 0) + 1;
    }
  });
  const yBounds = edges.slice(0, -1).map((edge, index): [number, number] => [edge, edges[index + 1]!]);
  return {
    xs: Array.from({ length: columns }, (_, index) => first + index * xSize),
    xSize,
    yLabels: yBounds.map(([low]) => String(low)),
    yBounds,
    counts,
    ...minMaxOf(counts),
  };
}

export interface ColorOptions {
  mode?: 'scheme' | 'opacity';
  scheme?: string;
  fill?: string;
  scale?: 'exponential' | 'linear';
  exponent?: number;
  steps?: number;
  reverse?: boolean;
  min?: number;
  max?: number;
}

// Colour ramps of the schemes Grafana's heatmap offers (d3's sequential and diverging
// schemes), as a few stops each, and when Grafana reverses them: `dark` on the dark theme
// (so low counts fade into the dark background), `light` on the light one, or `always`.
const SCHEMES: Record<string, { stops: string[]; invert: 'dark' | 'light' | 'always' }> = {
  Oranges: { stops: ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704'], invert: 'dark' },
  Blues: { stops: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'], invert: 'dark' },
  Greens: { stops: ['#f7fcf5', '#c7e9c0', '#74c476', '#238b45', '#00441b'], invert: 'dark' },
  Reds: { stops: ['#fff5f0', '#fcbba1', '#fb6a4a', '#cb181d', '#67000d'], invert: 'dark' },
  Purples: { stops: ['#fcfbfd', '#dadaeb', '#9e9ac8', '#6a51a3', '#3f007d'], invert: 'dark' },
  Greys: { stops: ['#ffffff', '#d9d9d9', '#969696', '#525252', '#000000'], invert: 'dark' },
  YlOrRd: { stops: ['#ffffcc', '#fed976', '#fd8d3c', '#e31a1c', '#800026'], invert: 'dark' },
  YlOrBr: { stops: ['#ffffe5', '#fee391', '#fe9929', '#cc4c02', '#662506'], invert: 'dark' },
  YlGnBu: { stops: ['#ffffd9', '#c7e9b4', '#41b6c4', '#225ea8', '#081d58'], invert: 'dark' },
  YlGn: { stops: ['#ffffe5', '#d9f0a3', '#78c679', '#238443', '#004529'], invert: 'dark' },
  OrRd: { stops: ['#fff7ec', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'], invert: 'dark' },
  BuGn: { stops: ['#f7fcfd', '#ccece6', '#66c2a4', '#238b45', '#00441b'], invert: 'dark' },
  BuPu: { stops: ['#f7fcfd', '#bfd3e6', '#8c96c6', '#88419d', '#4d004b'], invert: 'dark' },
  GnBu: { stops: ['#f7fcf0', '#ccebc5', '#7bccc4', '#2b8cbe', '#084081'], invert: 'dark' },
  PuBu: { stops: ['#fff7fb', '#d0d1e6', '#74a9cf', '#0570b0', '#023858'], invert: 'dark' },
  PuRd: { stops: ['#f7f4f9', '#d4b9da', '#df65b0', '#ce1256', '#67001f'], invert: 'dark' },
  RdPu: { stops: ['#fff7f3', '#fcc5c0', '#f768a1', '#ae017e', '#49006a'], invert: 'dark' },
  Viridis: { stops: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'], invert: 'light' },
  Magma: { stops: ['#000004', '#51127c', '#b73779', '#fc8961', '#fcfdbf'], invert: 'light' },
  Inferno: { stops: ['#000004', '#420a68', '#932667', '#dd513a', '#fca50a', '#fcffa4'], invert: 'light' },
  Plasma: { stops: ['#0d0887', '#6a00a8', '#b12a90', '#e16462', '#fca636', '#f0f921'], invert: 'light' },
  Cividis: { stops: ['#00224e', '#35456c', '#666970', '#948e77', '#c8b866', '#fee838'], invert: 'light' },
  Turbo: { stops: ['#30123b', '#4686fb', '#1be5b5', '#a4fc3c', '#fb8022', '#7a0403'], invert: 'light' },
  Warm: { stops: ['#6e40aa', '#bf3caf', '#fe4b83', '#ff7847', '#e2b72f', '#aff05b'], invert: 'light' },
  Cool: { stops: ['#6e40aa', '#417de0', '#1ac7c2', '#40f373', '#aff05b'], invert: 'light' },
  Spectral: { stops: ['#9e0142', '#f46d43', '#fee08b', '#e6f598', '#66c2a5', '#5e4fa2'], invert: 'always' },
  RdYlGn: { stops: ['#a50026', '#f46d43', '#fee08b', '#d9ef8b', '#66bd63', '#006837'], invert: 'always' },
  RdYlBu: { stops: ['#a50026', '#f46d43', '#fee090', '#e0f3f8', '#74add1', '#313695'], invert: 'always' },
  RdBu: { stops: ['#67001f', '#d6604d', '#fddbc7', '#d1e5f0', '#4393c3', '#053061'], invert: 'always' },
  PiYG: { stops: ['#8e0152', '#de77ae', '#fde0ef', '#e6f5d0', '#7fbc41', '#276419'], invert: 'always' },
};

/** The palette of `steps` colours a count is quantised into (low counts first). */
export function heatmapPalette(options: ColorOptions, theme: ThemeName): string[] {
  const steps = Math.max(2, Math.min(128, Math.round(options.steps ?? 64)));
  let colors: string[];
  if (options.mode === 'opacity') {
    const fill = colorByName(options.fill ?? 'dark-orange', theme);
    colors = Array.from({ length: steps }, (_, index) => withAlpha(fill, index / (steps - 1)));
  } else {
    // An unknown scheme falls back to Spectral, as in Grafana.
    const scheme = SCHEMES[options.scheme ?? 'Oranges'] ?? SCHEMES.Spectral!;
    const stops = scheme.invert === 'always' || scheme.invert === theme ? [...scheme.stops].reverse() : scheme.stops;
    colors = Array.from({ length: steps }, (_, index) => interpolateColors(stops, index / (steps - 1)));
  }
  return options.reverse ? colors.reverse() : colors;
}

/** Where `count` falls on the colour scale, 0–1: linear for schemes; in opacity mode
 * `scale: exponential` (the default) raises it to `exponent` (default 0.5), so low counts
 * stay visible. */
export function colorPosition(count: number, min: number, max: number, options: ColorOptions): number {
  const low = options.min ?? min;
  const high = options.max ?? max;
  if (high <= low) return count >= high ? 1 : 0;
  const linear = Math.min(1, Math.max(0, (count - low) / (high - low)));
  const exponential = options.mode === 'opacity' && (options.scale ?? 'exponential') === 'exponential';
  return exponential ? Math.pow(linear, options.exponent ?? 0.5) : linear;
}

export function countColor(palette: readonly string[], position: number): string {
  return palette[Math.min(palette.length - 1, Math.max(0, Math.round(position * (palette.length - 1))))]!;
}
