// The bar gauge's drawing rules: how much of the bar a value fills, the gradient along the
// bar (threshold colours at their positions, or the continuous scheme), and the cells of the
// LCD mode, each lit in the colour of the value it stands for.
import {
  colorByName,
  colorMode,
  isContinuousMode,
  schemeColors,
  thresholdAbsoluteValue,
  thresholdSteps,
  valueColor,
  type FieldConfig,
  type FieldRange,
  type ThemeName,
} from '../../lib/fieldconfig';

/** The value's share of the bar, 0–1 (0 for NaN). */
export function fillShare(numeric: number, range: FieldRange): number {
  if (!Number.isFinite(numeric)) return 0;
  if (range.delta === 0) return numeric >= range.max ? 1 : 0;
  return Math.min(Math.max((numeric - range.min) / range.delta, 0), 1);
}

/** CSS gradient stops (`color position%`) along the whole bar, min to max. */
export function gradientStops(config: FieldConfig, range: FieldRange, theme: ThemeName, fallback: string): string[] {
  const mode = colorMode(config, { defaultColorMode: 'thresholds' });
  if (isContinuousMode(mode)) {
    const colors = schemeColors(mode, theme)!;
    return colors.map((color, index) => `${color} ${((index / Math.max(colors.length - 1, 1)) * 100).toFixed(1)}%`);
  }
  if (mode !== 'thresholds') return [`${fallback} 0%`, `${fallback} 100%`];
  const steps = thresholdSteps(config);
  const stops: string[] = [];
  steps.forEach((step, index) => {
    const value = thresholdAbsoluteValue(step, config, range);
    const share = Number.isFinite(value) ? fillShare(value, range) : 0;
    const color = colorByName(step.color, theme);
    // Each step blends in from the one before, as Grafana's gradient does.
    if (index === 0 || share <= 0) stops.push(`${color} 0%`);
    else stops.push(`${color} ${(share * 100).toFixed(1)}%`);
  });
  if (stops.length === 1) stops.push(stops[0]!.replace(/ 0%$/, ' 100%'));
  return stops;
}

export interface LcdCell {
  color: string;
  lit: boolean;
}

/** How many cells of `cellSize` px (with a third of that as gap) fit `length` px. */
export function lcdCellCount(length: number, cellSize = 12): number {
  return Math.max(Math.floor((length + cellSize / 3) / (cellSize + cellSize / 3)), 1);
}

/** The LCD cells: each stands for the value at its middle and is lit when the value reaches
 * that far. */
export function lcdCells(count: number, numeric: number, config: FieldConfig, range: FieldRange, theme: ThemeName): LcdCell[] {
  const filled = fillShare(numeric, range);
  return Array.from({ length: count }, (_, index) => {
    const middle = (index + 0.5) / count;
    const cellValue = range.min + middle * range.delta;
    return { color: valueColor(cellValue, config, { range, theme, defaultColorMode: 'thresholds' }), lit: Number.isFinite(numeric) && middle <= filled + 0.5 / count - 1e-9 };
  });
}
