// Fills and strokes that depend on the value: Grafana's gradient modes (`opacity`: fading
// down to the baseline; `hue`: the colour shading toward a lighter tone; `scheme`: the
// field's colour scheme laid along the y axis, hard steps for thresholds) and the threshold
// colours of `thresholdsStyle.mode: series`.
import type uPlot from 'uplot';
import {
  activeThreshold,
  colorByName,
  colorMode,
  isContinuousMode,
  mixColors,
  schemeColors,
  thresholdAbsoluteValue,
  thresholdSteps,
  withAlpha,
  type ThemeName,
} from '../../lib/fieldconfig';
import type { SeriesModel } from './model';

type CanvasFill = string | CanvasGradient;

/** Colour stops (0 = scale min, 1 = scale max) of the field's scheme over `[min, max]`. */
export function schemeStops(entry: SeriesModel, min: number, max: number, theme: ThemeName): [number, string][] {
  const span = max - min || 1;
  const at = (value: number) => Math.min(Math.max((value - min) / span, 0), 1);
  const mode = colorMode(entry.config, { defaultColorMode: 'palette-classic' });
  if (isContinuousMode(mode)) {
    const colors = schemeColors(mode, theme)!;
    const range = entry.range;
    return colors.map((color, index) => [at(range.min + (range.delta * index) / Math.max(colors.length - 1, 1)), color]);
  }
  if (mode === 'thresholds' || entry.thresholdsStyle === 'series') {
    const stops: [number, string][] = [];
    const base = activeThreshold(null, entry.config, entry.range);
    stops.push([0, colorByName(base.color, theme)]);
    for (const step of thresholdSteps(entry.config)) {
      const value = thresholdAbsoluteValue(step, entry.config, entry.range);
      if (!Number.isFinite(value)) continue;
      const position = at(value);
      const previous = stops[stops.length - 1]![1];
      stops.push([position, previous], [position, colorByName(step.color, theme)]);
    }
    stops.push([1, stops[stops.length - 1]![1]]);
    return stops;
  }
  return [
    [0, entry.color],
    [1, entry.color],
  ];
}

function scaleGradient(u: uPlot, scale: string, stops: [number, string][], opacity: number): CanvasFill {
  const min = u.scales[scale]?.min;
  const max = u.scales[scale]?.max;
  if (min === undefined || max === undefined || min === null || max === null) return withAlpha(stops[0]?.[1] ?? '#808080', opacity);
  const bottom = u.valToPos(min, scale, true);
  const top = u.valToPos(max, scale, true);
  if (!Number.isFinite(bottom) || !Number.isFinite(top) || bottom === top) return withAlpha(stops[0]?.[1] ?? '#808080', opacity);
  const gradient = u.ctx.createLinearGradient(0, bottom, 0, top);
  for (const [position, color] of stops) gradient.addColorStop(Math.min(Math.max(position, 0), 1), withAlpha(color, opacity));
  return gradient;
}

/** Whether the stroke follows the value (scheme gradient or threshold colours). */
export function strokeByValue(entry: SeriesModel): boolean {
  return entry.style.gradientMode === 'scheme' || entry.thresholdsStyle === 'series';
}

export function seriesStroke(entry: SeriesModel, scale: string, theme: ThemeName): uPlot.Series['stroke'] {
  if (!strokeByValue(entry)) return entry.color;
  return (u: uPlot) => {
    const min = u.scales[scale]?.min ?? 0;
    const max = u.scales[scale]?.max ?? 1;
    return scaleGradient(u, scale, schemeStops(entry, min, max, theme), 1);
  };
}

export function seriesFill(entry: SeriesModel, scale: string, theme: ThemeName): uPlot.Series['fill'] {
  const { fillOpacity, gradientMode, drawStyle } = entry.style;
  if (fillOpacity <= 0 && drawStyle !== 'bars') return undefined;
  const opacity = drawStyle === 'bars' && fillOpacity <= 0 ? 1 : fillOpacity / 100;
  if (strokeByValue(entry)) {
    return (u: uPlot) => {
      const min = u.scales[scale]?.min ?? 0;
      const max = u.scales[scale]?.max ?? 1;
      return scaleGradient(u, scale, schemeStops(entry, min, max, theme), opacity);
    };
  }
  if (gradientMode === 'opacity') {
    return (u: uPlot) => {
      const gradient = u.ctx.createLinearGradient(0, u.bbox.top, 0, u.bbox.top + u.bbox.height);
      gradient.addColorStop(0, withAlpha(entry.color, opacity));
      gradient.addColorStop(1, withAlpha(entry.color, 0));
      return gradient;
    };
  }
  if (gradientMode === 'hue') {
    return (u: uPlot) => {
      const gradient = u.ctx.createLinearGradient(0, u.bbox.top, 0, u.bbox.top + u.bbox.height);
      gradient.addColorStop(0, withAlpha(mixColors(entry.color, '#ffffff', 0.35), opacity));
      gradient.addColorStop(1, withAlpha(mixColors(entry.color, '#000000', 0.25), opacity));
      return gradient;
    };
  }
  return withAlpha(entry.color, opacity);
}
