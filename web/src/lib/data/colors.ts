// Grafana's colours: the classic series palette, named colours used by thresholds and
// overrides, and threshold steps.
import type { FieldConfig, Threshold } from '../../api/types';

export const CLASSIC_PALETTE = [
  '#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0',
  '#508642', '#CCA300', '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477',
  '#B7DBAB', '#F4D598', '#70DBED', '#F9BA8F', '#F29191', '#82B5D8', '#E5A8E2', '#AEA2E0',
];

const HUES: Record<string, [string, string, string, string, string]> = {
  // super-light, light, (main), semi-dark, dark
  red: ['#FFA6B0', '#FF7383', '#F2495C', '#E02F44', '#C4162A'],
  orange: ['#FFCB7D', '#FFB357', '#FF9830', '#FF780A', '#FA6400'],
  yellow: ['#FFF899', '#FFEE52', '#FADE2A', '#F2CC0C', '#E0B400'],
  green: ['#C8F2C2', '#96D98D', '#73BF69', '#56A64B', '#37872D'],
  blue: ['#C0D8FF', '#8AB8FF', '#5794F2', '#3274D9', '#1F60C4'],
  purple: ['#DEB6F2', '#CA95E5', '#B877D9', '#A352CC', '#8F3BB8'],
};

const NAMED: Record<string, string> = { transparent: 'transparent', white: '#ffffff', black: '#000000' };
for (const [hue, shades] of Object.entries(HUES)) {
  NAMED[`super-light-${hue}`] = shades[0];
  NAMED[`light-${hue}`] = shades[1];
  NAMED[hue] = shades[2];
  NAMED[`semi-dark-${hue}`] = shades[3];
  NAMED[`dark-${hue}`] = shades[4];
}

/** A CSS colour for a Grafana colour name or a CSS colour. `text` is the theme's text. */
export function resolveColor(color: string | undefined, fallback = '#73BF69'): string {
  if (!color) return fallback;
  if (color === 'text') return 'var(--text-primary)';
  return NAMED[color] ?? color;
}

export const DEFAULT_THRESHOLDS: Threshold[] = [
  { value: null, color: 'green' },
  { value: 80, color: 'red' },
];

/** The colour of the highest step at or below `value` (percentage mode maps the value into
 * `min`…`max` first). */
export function thresholdColor(value: number | null, config: FieldConfig, min?: number, max?: number): string {
  const steps = config.thresholds?.steps?.length ? config.thresholds.steps : DEFAULT_THRESHOLDS;
  if (value === null) return resolveColor(steps[0]?.color);
  let compared = value;
  if (config.thresholds?.mode === 'percentage') {
    const low = config.min ?? min ?? 0;
    const high = config.max ?? max ?? 100;
    compared = high === low ? 100 : ((value - low) / (high - low)) * 100;
  }
  let color = steps[0]?.color;
  for (const step of steps) {
    if (step.value === null || step.value === undefined || compared >= step.value) color = step.color;
  }
  return resolveColor(color);
}

/** A series colour: a fixed colour from the field config, else the palette's `index`th. */
export function seriesColor(config: FieldConfig, index: number): string {
  const mode = config.color?.mode;
  if ((mode === 'fixed' || mode === 'shades') && config.color?.fixedColor) return resolveColor(config.color.fixedColor);
  if (mode === 'thresholds') return thresholdColor(null, config);
  return CLASSIC_PALETTE[index % CLASSIC_PALETTE.length]!;
}

/** `color` at `opacity` (0–1), for fills; works for #rgb/#rrggbb colours. */
export function withAlpha(color: string, opacity: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const alpha = Math.round(Math.min(Math.max(opacity, 0), 1) * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${full}${alpha}`;
}
