// The field config engine: the one place where a panel's `fieldConfig` (defaults and
// overrides) meets the data. Every panel gets, for every field, its resolved config, its
// display name, its range, its series colour and a display processor:
//
//   const fields = processFields(data, panel.fieldConfig, { theme, defaultColorMode: 'thresholds' });
//   for (const field of fields.filter((f) => f.field.type === 'number')) {
//     const shown = field.display(lastValue);   // { text, prefix?, suffix?, color, numeric, percent }
//   }
//
// Contract (kept stable for the other panels):
// - `processFields(data, source, options)` → one `ProcessedField` per field of every frame,
//   frames and fields in order. `seriesIndex` counts number fields across frames (the
//   palette's index); `range` is the configured min/max, else the panel-wide data range.
// - `ProcessedField.display(value)` → `DisplayValue`; colours are concrete CSS colours.
// - `displayText(display)` joins prefix, text and suffix.
// - `fieldDisplayValues(data, source, reduceOptions, options)` → the reduced values of the
//   single-value panels (stat, gauge, bar gauge, pie chart), `reduceOptions` as Grafana's.
// - Lower-level parts are exported for panels that need them: `resolveFieldConfig`,
//   `displayProcessor`, `activeThreshold`, `applyValueMappings`, colour helpers
//   (`colorByName`, `withAlpha`, `interpolateColors`, `paletteColor`, …).
// Colours need the theme (`text` and `panel-bg` differ): pass `useTheme().theme`.
export * from './colors';
export { colorMode, displayProcessor, displayText, formatStepLabel, fromNow, percentOf, valueColor, type DisplayContext } from './display';
export { applyValueMappings, fieldMappings, regexFromString } from './mappings';
export { matcherMatches, resolveFieldConfig } from './overrides';
export { interpolateDisplayName, processField, processFields, seriesColor, type ProcessedField, type ProcessOptions } from './process';
export { fieldRange, globalMinMax, valuesMinMax } from './range';
export { activeThreshold, DEFAULT_THRESHOLDS, isPercentageMode, thresholdAbsoluteValue, thresholdSteps } from './thresholds';
export type * from './types';
export { fieldDisplayValues, type FieldDisplay, type ReduceOptions } from './values';
