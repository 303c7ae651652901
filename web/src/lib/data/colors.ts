// Older colour helpers, kept for the code that imports them: the colour logic lives in the
// field config engine (`lib/fieldconfig`). These resolve for the DOM (`text` is the theme's
// CSS variable); canvas code should use the engine's `colorByName` with a theme.
import type { FieldConfig } from '../../api/types';
import { CLASSIC_PALETTE, colorByName, paletteColor, withAlpha } from '../fieldconfig/colors';
import { activeThreshold, DEFAULT_THRESHOLDS } from '../fieldconfig/thresholds';

export { CLASSIC_PALETTE, DEFAULT_THRESHOLDS, withAlpha };

/** A CSS colour for a Grafana colour name or a CSS colour. `text` is the theme's text. */
export function resolveColor(color: string | undefined, fallback = '#73BF69'): string {
  if (!color) return fallback;
  if (color === 'text') return 'var(--text-primary)';
  return colorByName(color, 'dark', fallback);
}

/** The colour of the highest step at or below `value` (percentage mode maps the value into
 * `min`…`max` first, the config's before the given ones). */
export function thresholdColor(value: number | null, config: FieldConfig, min?: number, max?: number): string {
  const low = config.min ?? min ?? 0;
  const high = config.max ?? max ?? 100;
  return resolveColor(activeThreshold(value, config, { min: low, max: high, delta: high - low }).color);
}

/** A series colour: a fixed colour from the field config, else the palette's `index`th. */
export function seriesColor(config: FieldConfig, index: number): string {
  const mode = config.color?.mode;
  if ((mode === 'fixed' || mode === 'shades') && config.color?.fixedColor) return resolveColor(config.color.fixedColor);
  if (mode === 'thresholds') return thresholdColor(null, config);
  return paletteColor(index);
}
