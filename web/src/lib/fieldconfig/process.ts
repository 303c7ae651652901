// Field processing: every field of a panel's frames with its resolved config (defaults,
// data source config, overrides), display name, range, series colour and display processor.
import type { Field, Frame, PanelData } from '../data/frames';
import { fieldDisplayName } from '../data/frames';
import { colorByName, type ThemeName } from './colors';
import { colorMode, displayProcessor, valueColor, type DisplayContext } from './display';
import { resolveFieldConfig } from './overrides';
import { fieldRange, globalMinMax, valuesMinMax } from './range';
import type { DisplayProcessor, FieldConfig, FieldConfigSource, FieldRange } from './types';

export interface ProcessOptions {
  theme?: ThemeName;
  /** The dashboard's time zone, for time values (default: the browser's). */
  timeZone?: string;
  /** The colour mode for fields whose config names none (default `thresholds`). */
  defaultColorMode?: string;
}

export interface ProcessedField {
  field: Field;
  frame: Frame;
  frameIndex: number;
  fieldIndex: number;
  /** The display name: the config's `displayName` (with `${__field.…}` filled in), else
   * Grafana's name from labels, frame and field names. */
  name: string;
  /** The resolved config: data source config, panel defaults, overrides. */
  config: FieldConfig;
  /** Min/max for gauges, percentages and continuous colours. */
  range: FieldRange;
  /** The index among number fields (-1 for others): the palette's series index. */
  seriesIndex: number;
  /** The colour that stands for the whole series (lines, legend swatches): the palette's,
   * the fixed colour, or, for by-value modes, the colour of its last value. */
  color: string;
  display: DisplayProcessor;
}

function lastNumber(values: readonly unknown[]): number {
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (typeof value === 'number' && !Number.isNaN(value)) return value;
  }
  return NaN;
}

const BY_VALUE_MODES = /^(thresholds|continuous-)/;

/** The series colour: by-value modes (thresholds, continuous) colour the series by one
 * reduced value (`color.seriesBy`: last, min or max). */
export function seriesColor(config: FieldConfig, values: readonly unknown[], context: DisplayContext): string {
  const mode = colorMode(config, context);
  if (!BY_VALUE_MODES.test(mode)) return valueColor(NaN, config, context);
  const seriesBy = (config.color as { seriesBy?: string } | undefined)?.seriesBy;
  const minMax = seriesBy === 'min' || seriesBy === 'max' ? valuesMinMax(values) : undefined;
  const value = minMax ? (seriesBy === 'min' ? minMax.min : minMax.max) : lastNumber(values);
  return valueColor(value, config, context);
}

/** Fills `${__field.name}`, `${__field.displayName}`, `${__field.labels.X}`,
 * `${__field.labels}` and `${__series.name}` in a configured display name. */
export function interpolateDisplayName(template: string, field: Field, frame: Frame, name: string): string {
  if (!template.includes('${')) return template;
  const labels = field.labels ?? {};
  return template.replace(/\$\{(__field\.name|__field\.displayName|__series\.name|__field\.labels(?:\.([^}]+))?)\}/g, (_match, key: string, label?: string) => {
    if (key === '__field.name') return field.name;
    if (key === '__field.displayName') return name;
    if (key === '__series.name') return frame.name ?? name;
    if (label !== undefined) return labels[label] ?? '';
    return Object.entries(labels)
      .map(([labelKey, value]) => `${labelKey}="${value}"`)
      .join(', ');
  });
}

/** Every field of every frame with its resolved config and display processor. */
export function processFields(data: PanelData | readonly Frame[], source: FieldConfigSource | undefined, options: ProcessOptions = {}): ProcessedField[] {
  const frames: readonly Frame[] = Array.isArray(data) ? data : (data as PanelData).frames;
  const theme = options.theme ?? 'dark';
  const allFields = frames.flatMap((frame) => frame.fields);
  const panelRange = globalMinMax(allFields);
  const result: ProcessedField[] = [];
  let seriesIndex = 0;
  frames.forEach((frame, frameIndex) => {
    frame.fields.forEach((field, fieldIndex) => {
      const baseName = fieldDisplayName(field, frame, frames.length);
      const config = resolveFieldConfig(field, frame, baseName, source);
      const name = typeof config.displayName === 'string' && config.displayName ? interpolateDisplayName(config.displayName, field, frame, baseName) : baseName;
      const ownRange = config.fieldMinMax === true ? valuesMinMax(field.values) : panelRange;
      const range = fieldRange(config, field.type === 'number' ? ownRange : undefined);
      const index = field.type === 'number' ? seriesIndex++ : -1;
      const context: DisplayContext = { fieldType: field.type, name, seriesIndex: Math.max(index, 0), range, theme, timeZone: options.timeZone, defaultColorMode: options.defaultColorMode };
      result.push({
        field,
        frame,
        frameIndex,
        fieldIndex,
        name,
        config,
        range,
        seriesIndex: index,
        color: field.type === 'number' ? seriesColor(config, field.values, context) : colorByName(undefined, theme),
        display: displayProcessor(config, context),
      });
    });
  });
  return result;
}

/** One field processed alone (its own data range; palette index `seriesIndex`). */
export function processField(field: Field, frame: Frame, source: FieldConfigSource | undefined, options: ProcessOptions & { seriesIndex?: number } = {}): ProcessedField {
  const processed = processFields([{ ...frame, fields: [field] }], source, options)[0]!;
  if (options.seriesIndex === undefined || field.type !== 'number') return { ...processed, frame };
  const context: DisplayContext = {
    fieldType: field.type,
    name: processed.name,
    seriesIndex: options.seriesIndex,
    range: processed.range,
    theme: options.theme,
    timeZone: options.timeZone,
    defaultColorMode: options.defaultColorMode,
  };
  return {
    ...processed,
    frame,
    seriesIndex: options.seriesIndex,
    color: seriesColor(processed.config, field.values, context),
    display: displayProcessor(processed.config, context),
  };
}
