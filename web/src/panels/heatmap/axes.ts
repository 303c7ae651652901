// Axis and canvas helpers for the panels Sightline draws on a plain canvas (heatmap, bar
// chart, state timeline): nice time and number ticks, a canvas sized for the device's pixel
// ratio, and the theme's chart colours read from the CSS variables.
import { decimalsForStep, formatValue, formattedToString } from '../../lib/units/format';
import { timeZoneOffset } from '../../lib/time/zone';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const TIME_STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 365 * DAY,
];

/** Tick times between `from` and `to`, at most about `maxTicks`, on whole steps of the
 * zone's wall clock (whole minutes, hours, days). */
export function timeTicks(from: number, to: number, maxTicks: number, zone: string): { ticks: number[]; step: number } {
  const span = Math.max(1, to - from);
  const step = TIME_STEPS.find((candidate) => span / candidate <= Math.max(1, maxTicks)) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
  const offset = timeZoneOffset(from, zone) * MINUTE;
  const ticks: number[] = [];
  for (let tick = Math.ceil((from + offset) / step) * step - offset; tick <= to && ticks.length < 1000; tick += step) ticks.push(tick);
  return { ticks, step };
}

/** Round-number ticks covering `min`…`max`, about `count` of them. */
export function numberTicks(min: number, max: number, count: number): { ticks: number[]; step: number; decimals: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], step: 1, decimals: 0 };
  if (min === max) {
    const pad = Math.abs(min) || 1;
    return numberTicks(min - pad, max + pad, count);
  }
  const rough = (max - min) / Math.max(1, count);
  const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
  const normalised = rough / magnitude;
  const step = (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 2.5 ? 2.5 : normalised <= 5 ? 5 : 10) * magnitude;
  const ticks: number[] = [];
  const start = Math.ceil(min / step - 1e-9) * step;
  for (let tick = start; tick <= max + step * 1e-9; tick += step) ticks.push(Math.abs(tick) < step * 1e-9 ? 0 : tick);
  return { ticks, step, decimals: decimalsForStep(step) };
}

/**
 * Labels for number ticks in `unit`: the fewest decimals that tell every tick apart once the
 * unit has scaled them (1.5 K beside 2 K), without trailing zeros.
 */
export function numberTickLabels(ticks: readonly number[], unit: string | undefined): string[] {
  let labels: string[] = [];
  for (let decimals = 0; decimals <= 4; decimals++) {
    labels = ticks.map((tick) => formattedToString(formatValue(tick, unit, decimals)).replace(/(\d)\.(\d*?)0+(?!\d)/g, (_, whole: string, kept: string) => (kept ? `${whole}.${kept}` : whole)));
    if (new Set(labels).size === labels.length) return labels;
  }
  return labels;
}

/** Where a canvas panel's plot sits (CSS pixels) and the time span across it. */
export interface PlotLayout {
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  from: number;
  to: number;
}

/** Height of the time axis under a canvas panel's plot. */
export const X_AXIS_HEIGHT = 22;

/**
 * Writes time tick labels centred under their ticks at `y`, each kept whole inside the
 * canvas's `width` (the label of a tick at the very edge shifts inwards, not off the canvas).
 */
export function drawTimeLabels(
  context: CanvasRenderingContext2D,
  ticks: readonly number[],
  label: (tick: number) => string,
  xPixel: (tick: number) => number,
  y: number,
  width: number,
): void {
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const tick of ticks) {
    const text = label(tick);
    const half = context.measureText(text).width / 2;
    context.fillText(text, clampLabel(xPixel(tick), half, width), y);
  }
}

/** The centre of a label `half` wide at `x`, moved so the label stays within 0…`width`. */
export function clampLabel(x: number, half: number, width: number): number {
  return Math.min(Math.max(x, half), Math.max(half, width - half));
}

/** A 2D context on `canvas` sized `width`×`height` CSS pixels, sharp on high-DPI screens. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const pixelWidth = Math.max(1, Math.round(width * ratio));
  const pixelHeight = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

export interface CanvasTheme {
  axis: string;
  grid: string;
  text: string;
  background: string;
  font: string;
}

/** The theme's chart colours (re-read on every draw, so a theme switch shows at once). */
export function canvasTheme(): CanvasTheme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    axis: read('--chart-axis', '#9fa7b3'),
    grid: read('--chart-grid', 'rgba(120,120,130,0.2)'),
    text: read('--text-primary', '#ccccdc'),
    background: read('--bg-primary', '#181b1f'),
    font: `12px ${getComputedStyle(document.body).fontFamily}`,
  };
}
