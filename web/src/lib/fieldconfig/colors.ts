// Grafana's colours: the named visualization colours (`green`, `dark-red`, `super-light-blue`,
// …), the classic series palette, the continuous schemes (`continuous-GrYlRd`, …), shades of
// one colour, and small helpers to blend and fade colours. Everything returns a concrete CSS
// colour (hex or rgb) so canvas code can use it; `text` and `panel-bg` depend on the theme.

export type ThemeName = 'dark' | 'light';

/** Grafana's classic palette, in series order (`palette-classic`). */
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

const NAMED: Record<string, string> = { transparent: 'rgba(0, 0, 0, 0)', white: '#ffffff', black: '#000000' };
for (const [hue, shades] of Object.entries(HUES)) {
  NAMED[`super-light-${hue}`] = shades[0];
  NAMED[`light-${hue}`] = shades[1];
  NAMED[hue] = shades[2];
  NAMED[`semi-dark-${hue}`] = shades[3];
  NAMED[`dark-${hue}`] = shades[4];
}
// Older dashboards name colours by their base hue's aliases.
NAMED.gray = NAMED.grey = '#808080';

const THEMED: Record<string, Record<ThemeName, string>> = {
  text: { dark: '#ccccdc', light: '#24292e' },
  'panel-bg': { dark: '#181b1f', light: '#ffffff' },
};

/** The colour Grafana uses when a value has none. */
export const FALLBACK_COLOR = '#808080';

/** A concrete CSS colour for a Grafana colour name or any CSS colour. */
export function colorByName(color: string | undefined, theme: ThemeName = 'dark', fallback = NAMED.green!): string {
  if (!color) return fallback;
  const themed = THEMED[color];
  if (themed) return themed[theme];
  return NAMED[color] ?? NAMED[color.toLowerCase()] ?? color;
}

/** The classic palette's colour for the `index`th series. */
export function paletteColor(index: number): string {
  const size = CLASSIC_PALETTE.length;
  return CLASSIC_PALETTE[((index % size) + size) % size]!;
}

/** A stable palette colour for a series name (`palette-classic-by-name`). */
export function paletteColorByName(name: string): string {
  let hash = 0;
  for (let index = 0; index < name.length; index++) hash = (Math.imul(hash, 31) + name.charCodeAt(index)) | 0;
  return paletteColor(Math.abs(hash));
}

/** The colours a continuous scheme runs through, low to high. */
const SCHEMES: Record<string, string[]> = {
  'continuous-GrYlRd': ['green', 'yellow', 'red'],
  'continuous-RdYlGr': ['red', 'yellow', 'green'],
  'continuous-BlYlRd': ['dark-blue', 'super-light-yellow', 'dark-red'],
  'continuous-YlRd': ['super-light-yellow', 'dark-red'],
  'continuous-BlPu': ['blue', 'purple'],
  'continuous-YlBl': ['super-light-yellow', 'dark-blue'],
  'continuous-blues': ['panel-bg', 'blue'],
  'continuous-reds': ['panel-bg', 'red'],
  'continuous-greens': ['panel-bg', 'green'],
  'continuous-purples': ['panel-bg', 'purple'],
  // Sampled stops of the perceptually uniform colour maps.
  'continuous-viridis': ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'],
  'continuous-magma': ['#000004', '#3b0f70', '#8c2981', '#de4968', '#fe9f6d', '#fcfdbf'],
  'continuous-plasma': ['#0d0887', '#6a00a8', '#b12a90', '#e16462', '#fca636', '#f0f921'],
  'continuous-inferno': ['#000004', '#420a68', '#932667', '#dd513a', '#fca50a', '#fcffa4'],
  'continuous-cividis': ['#00224e', '#35456c', '#666970', '#948e77', '#c8b866', '#fee838'],
};

export function isContinuousMode(mode: string | undefined): boolean {
  return mode !== undefined && mode in SCHEMES;
}

/** The concrete colours of a continuous scheme, or undefined for another mode. */
export function schemeColors(mode: string, theme: ThemeName = 'dark'): string[] | undefined {
  return SCHEMES[mode]?.map((name) => colorByName(name, theme));
}

type Rgba = [number, number, number, number];

/** Parses #rgb, #rrggbb, #rrggbbaa and rgb()/rgba(); undefined for anything else. */
export function parseColor(color: string): Rgba | undefined {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim())?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex;
    if (full.length !== 6 && full.length !== 8) return undefined;
    const channel = (at: number) => parseInt(full.slice(at, at + 2), 16);
    return [channel(0), channel(2), channel(4), full.length === 8 ? channel(6) / 255 : 1];
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim())?.[1];
  if (rgb) {
    const parts = rgb.split(/[\s,/]+/).filter(Boolean).map(Number);
    if (parts.length < 3 || parts.some((part) => Number.isNaN(part))) return undefined;
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  }
  return undefined;
}

function toCss([red, green, blue, alpha]: Rgba): string {
  const channel = (value: number) => Math.round(Math.min(Math.max(value, 0), 255));
  const hex = `#${[red, green, blue].map((value) => channel(value).toString(16).padStart(2, '0')).join('')}`;
  if (alpha >= 1) return hex;
  return hex + channel(Math.round(Math.max(alpha, 0) * 255)).toString(16).padStart(2, '0');
}

/** `color` at `opacity` (0–1), for fills. Colours it cannot parse come back unchanged. */
export function withAlpha(color: string, opacity: number): string {
  const parsed = parseColor(color);
  if (!parsed) return color;
  const clamped = Math.min(Math.max(opacity, 0), 1);
  if (/^#[0-9a-f]{6}$/i.test(color)) return color + Math.round(clamped * 255).toString(16).padStart(2, '0');
  return toCss([parsed[0], parsed[1], parsed[2], parsed[3] * Math.min(Math.max(opacity, 0), 1)]);
}

/** The colour `amount` (0–1) of the way from `from` to `to`. */
export function mixColors(from: string, to: string, amount: number): string {
  const a = parseColor(from);
  const b = parseColor(to);
  if (!a || !b) return amount < 0.5 ? from : to;
  const t = Math.min(Math.max(amount, 0), 1);
  return toCss([0, 1, 2, 3].map((channel) => a[channel]! + (b[channel]! - a[channel]!) * t) as Rgba);
}

/** The colour at `percent` (0–1) along evenly spaced `colors`. */
export function interpolateColors(colors: string[], percent: number): string {
  if (colors.length === 0) return FALLBACK_COLOR;
  if (colors.length === 1 || !Number.isFinite(percent)) return colors[0]!;
  const position = Math.min(Math.max(percent, 0), 1) * (colors.length - 1);
  const index = Math.min(Math.floor(position), colors.length - 2);
  return mixColors(colors[index]!, colors[index + 1]!, position - index);
}

/** The `index`th shade of `color` (`shades` mode): the colour itself, then alternately
 * lighter and darker steps, so neighbouring series stay apart. */
export function shadeOf(color: string, index: number): string {
  if (index <= 0) return color;
  const step = Math.ceil(index / 2) * 0.15;
  return index % 2 === 1 ? mixColors(color, '#ffffff', step) : mixColors(color, '#000000', step);
}

/** Black or white, whichever reads better on `background`. */
export function contrastText(background: string): string {
  const parsed = parseColor(background);
  if (!parsed) return '#ffffff';
  const luminance = (0.299 * parsed[0] + 0.587 * parsed[1] + 0.114 * parsed[2]) / 255;
  return luminance > 0.6 ? '#000000' : '#ffffff';
}
