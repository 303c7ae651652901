// The gauge's geometry: a 240° arc open at the bottom (from 8 o'clock over the top to
// 4 o'clock), the value's share of it, the threshold segments of the marker ring and the
// size and place of everything in a cell. Angles are in degrees, clockwise from 12 o'clock.
import { colorByName, thresholdAbsoluteValue, thresholdSteps, type FieldConfig, type FieldRange, type ThemeName } from '../../lib/fieldconfig';

export const START_ANGLE = -120;
export const SWEEP = 240;

/** The angle at `percent` (0–1, clamped) of the arc. */
export function gaugeAngle(percent: number): number {
  const clamped = Number.isFinite(percent) ? Math.min(Math.max(percent, 0), 1) : 0;
  return START_ANGLE + clamped * SWEEP;
}

/** The point at `angle` on the circle of radius `r` around (cx, cy). */
export function polar(cx: number, cy: number, r: number, angle: number): [number, number] {
  const radians = (angle * Math.PI) / 180;
  return [cx + r * Math.sin(radians), cy - r * Math.cos(radians)];
}

/** An SVG path along the circle from angle `from` to `to` (clockwise), for stroking. */
export function arcPath(cx: number, cy: number, r: number, from: number, to: number): string {
  if (to - from <= 0.01) return '';
  const [x0, y0] = polar(cx, cy, r, from);
  const [x1, y1] = polar(cx, cy, r, to);
  const large = to - from > 180 ? 1 : 0;
  return `M${x0.toFixed(2)},${y0.toFixed(2)}A${r.toFixed(2)},${r.toFixed(2)} 0 ${large} 1 ${x1.toFixed(2)},${y1.toFixed(2)}`;
}

export interface ThresholdSegment {
  /** Shares of the arc, 0–1. */
  from: number;
  to: number;
  color: string;
  /** The step's value where the segment starts (undefined for the base). */
  value?: number;
}

/** The steps as parts of the arc between the range's min and max; steps outside it are cut. */
export function thresholdSegments(config: FieldConfig, range: FieldRange, theme: ThemeName = 'dark'): ThresholdSegment[] {
  const share = (value: number) => (range.delta === 0 ? (value >= range.max ? 1 : 0) : Math.min(Math.max((value - range.min) / range.delta, 0), 1));
  const steps = thresholdSteps(config);
  const segments: ThresholdSegment[] = [];
  steps.forEach((step, index) => {
    const value = thresholdAbsoluteValue(step, config, range);
    const next = steps[index + 1];
    const from = Number.isFinite(value) ? share(value) : 0;
    const to = next ? share(thresholdAbsoluteValue(next, config, range)) : 1;
    if (to <= from) return;
    segments.push({ from, to, color: colorByName(step.color, theme), value: Number.isFinite(value) ? value : undefined });
  });
  return segments;
}

export interface GaugeLayout {
  cx: number;
  cy: number;
  /** Radius of the middle of the value arc. */
  radius: number;
  /** Width of the value arc. */
  thickness: number;
  /** Radius and width of the threshold marker ring (0 when hidden). */
  markerRadius: number;
  markerThickness: number;
  /** Where threshold labels start (outside the ring); see `labelPosition`. */
  labelRadius: number;
  labelSize: number;
  valueSize: number;
  titleSize: number;
  /** The title's baseline (above the gauge). */
  titleY: number;
}

/** Sizes a gauge into a `width`×`height` cell, leaving room for a title above and threshold
 * labels around it when shown. */
export function gaugeLayout(width: number, height: number, options: { title: boolean; markers: boolean; labels: boolean; valueText: string; titleSize?: number; valueSize?: number }): GaugeLayout {
  const titleSize = options.title ? (options.titleSize ?? Math.max(12, Math.min(height * 0.08, 18))) : 0;
  const titleSpace = options.title ? titleSize * 1.6 : 0;
  const availableHeight = Math.max(height - titleSpace - 4, 10);
  const labelSize = Math.max(9, Math.min(Math.min(width, availableHeight) * 0.05, 14));
  const labelSpace = options.labels ? labelSize * 2.6 : 0;
  // The arc's extent: 2r wide, r above the centre and r·sin(30°) below it.
  const outerRadius = Math.max(Math.min((width - 8) / 2 - labelSpace, (availableHeight - labelSpace) / 1.5 - 2), 8);
  const markerThickness = options.markers ? Math.max(outerRadius * 0.05, 2) : 0;
  const markerGap = options.markers ? Math.max(outerRadius * 0.03, 1.5) : 0;
  const thickness = Math.max(outerRadius * 0.2, 3);
  const radius = outerRadius - markerThickness - markerGap - thickness / 2;
  const markerRadius = outerRadius - markerThickness / 2;
  const cy = titleSpace + labelSpace + outerRadius + (availableHeight - labelSpace - outerRadius * 1.5) / 2;
  const inner = radius - thickness / 2;
  const valueSize = options.valueSize ?? Math.max(10, Math.min(inner * 0.55, (inner * 2 * 0.85) / Math.max(options.valueText.length * 0.58, 1)));
  return {
    cx: width / 2,
    cy,
    radius,
    thickness,
    markerRadius,
    markerThickness,
    labelRadius: outerRadius + labelSize * 0.4,
    labelSize,
    valueSize,
    titleSize,
    titleY: titleSize * 1.15,
  };
}

/** Where a label of `textWidth`×`textHeight` sits at `angle` so that its nearest edge
 * touches the circle of `radius`: its centre pushed out by half its extent that way. */
export function labelPosition(cx: number, cy: number, radius: number, angle: number, textWidth: number, textHeight: number): [number, number] {
  const radians = (angle * Math.PI) / 180;
  const push = Math.abs(Math.sin(radians)) * (textWidth / 2) + Math.abs(Math.cos(radians)) * (textHeight / 2);
  return polar(cx, cy, radius + push, angle);
}
