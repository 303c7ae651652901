// The shapes of Grafana's field config parts that the engine reads: value mappings,
// thresholds, the colour setting, and what a display processor gives back.
import type { FieldConfig, FieldConfigOverride, Threshold } from '../../api/types';

export type { FieldConfig, FieldConfigOverride, Threshold };

/** `panel.fieldConfig`: panel-wide defaults and per-field overrides. */
export interface FieldConfigSource {
  defaults?: FieldConfig;
  overrides?: FieldConfigOverride[];
}

/** What a mapping turns a value into; unset parts keep the value's own. */
export interface ValueMappingResult {
  text?: string;
  color?: string;
  icon?: string;
  index?: number;
}

export type SpecialMatch = 'null' | 'nan' | 'null+nan' | 'true' | 'false' | 'empty';

export type ValueMapping =
  | { type: 'value'; options: Record<string, ValueMappingResult> }
  | { type: 'range'; options: { from?: number | null; to?: number | null; result: ValueMappingResult } }
  | { type: 'regex'; options: { pattern: string; result: ValueMappingResult } }
  | { type: 'special'; options: { match: SpecialMatch; result: ValueMappingResult } };

/** A value ready to show: its text split around the unit, its colour, and its number. */
export interface DisplayValue {
  text: string;
  prefix?: string;
  suffix?: string;
  /** A concrete CSS colour (usable on canvas). */
  color: string;
  /** The value as a number; NaN when it is not one (strings, null). */
  numeric: number;
  /** Where the value sits between the field's min and max, 0–1 (NaN when not numeric). */
  percent: number;
  /** Set when a value mapping decided the text or colour. */
  mapped?: boolean;
}

export type DisplayProcessor = (value: unknown) => DisplayValue;

/** A field's min and max as panels scale by them: the config's, else the data's. */
export interface FieldRange {
  min: number;
  max: number;
  delta: number;
}
