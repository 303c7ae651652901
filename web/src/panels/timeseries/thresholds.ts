// Thresholds drawn on the chart (`custom.thresholdsStyle.mode`): lines (solid or dashed) at
// each step and/or areas filled with each step's colour, behind the series, on the scale of
// the first series that asks for them.
import type uPlot from 'uplot';
import { colorByName, thresholdAbsoluteValue, thresholdSteps, withAlpha, type ThemeName } from '../../lib/fieldconfig';
import type { SeriesModel } from './model';
import { scaleKey } from './scales';

export interface ThresholdBand {
  from: number;
  to: number;
  color: string;
}

/** Value bands between steps (the base from -∞), lowest first. */
export function thresholdBands(entry: SeriesModel, theme: ThemeName): ThresholdBand[] {
  const steps = thresholdSteps(entry.config);
  return steps.map((step, index) => {
    const next = steps[index + 1];
    return {
      from: thresholdAbsoluteValue(step, entry.config, entry.range),
      to: next ? thresholdAbsoluteValue(next, entry.config, entry.range) : Infinity,
      color: colorByName(step.color, theme),
    };
  });
}

export function thresholdsPlugin(series: readonly SeriesModel[], theme: ThemeName): uPlot.Plugin | undefined {
  const drawn = new Map<string, SeriesModel>();
  for (const entry of series) {
    if (entry.thresholdsStyle === 'off' || entry.thresholdsStyle === 'series' || entry.hideFrom.viz) continue;
    const key = scaleKey(entry);
    if (!drawn.has(key)) drawn.set(key, entry);
  }
  if (drawn.size === 0) return undefined;
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx } = u;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        for (const [key, entry] of drawn) {
          const scale = u.scales[key];
          if (!scale || scale.min === undefined || scale.max === undefined) continue;
          const mode = entry.thresholdsStyle;
          const y = (value: number) => {
            if (value === -Infinity) return top + height;
            if (value === Infinity) return top;
            return Math.min(Math.max(u.valToPos(value, key, true), top), top + height);
          };
          const bands = thresholdBands(entry, theme);
          if (mode.includes('area')) {
            for (const band of bands) {
              const y0 = y(band.from);
              const y1 = y(band.to);
              if (y0 <= y1) continue;
              ctx.fillStyle = withAlpha(band.color, 0.15);
              ctx.fillRect(left, y1, width, y0 - y1);
            }
          }
          if (mode.startsWith('line') || mode.startsWith('dashed')) {
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.setLineDash(mode.startsWith('dashed') ? [10 * devicePixelRatio, 10 * devicePixelRatio] : []);
            for (const band of bands) {
              if (!Number.isFinite(band.from)) continue;
              const at = u.valToPos(band.from, key, true);
              if (at < top || at > top + height) continue;
              ctx.strokeStyle = withAlpha(band.color, 0.8);
              ctx.beginPath();
              ctx.moveTo(left, at);
              ctx.lineTo(left + width, at);
              ctx.stroke();
            }
          }
        }
        ctx.restore();
      },
    },
  };
}
