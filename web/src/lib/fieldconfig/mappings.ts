// Value mappings (`fieldConfig.defaults.mappings`): the first mapping, in order, that matches
// a value replaces its text and/or colour. Value mappings compare the value's text; ranges
// are inclusive at both ends; regex mappings match strings (a /pattern/flags form or a bare
// pattern, anchored) and may use capture groups in their text; special mappings match null,
// NaN, true, false and the empty string.
import type { FieldConfig, ValueMapping, ValueMappingResult } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field's mappings, the malformed ones dropped. Also reads Grafana 7's flat form
 * (`{type: 1, value, text}` and `{type: 2, from, to, text}`). */
export function fieldMappings(config: FieldConfig): ValueMapping[] {
  const raw = config.mappings;
  if (!Array.isArray(raw)) return [];
  const mappings: ValueMapping[] = [];
  for (const entry of raw) {
    if (!isRecord(entry)) continue;
    const options = entry.options;
    if (entry.type === 'value' && isRecord(options)) mappings.push({ type: 'value', options: options as Record<string, ValueMappingResult> });
    else if ((entry.type === 'range' || entry.type === 'regex' || entry.type === 'special') && isRecord(options) && isRecord(options.result))
      mappings.push(entry as unknown as ValueMapping);
    else if (entry.type === 1 && entry.value !== undefined)
      mappings.push({ type: 'value', options: { [String(entry.value)]: { text: String(entry.text ?? '') } } });
    else if (entry.type === 2)
      mappings.push({ type: 'range', options: { from: toNumber(entry.from), to: toNumber(entry.to), result: { text: String(entry.text ?? '') } } });
  }
  return mappings;
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isNaN(number) ? null : number;
}

/** A regular expression from Grafana's text form: `/pattern/flags`, or a bare pattern that
 * must match the whole string. Undefined when it does not compile. */
export function regexFromString(pattern: string): RegExp | undefined {
  try {
    const slashed = /^\/(.+)\/([gimsuy]*)$/s.exec(pattern);
    return slashed ? new RegExp(slashed[1]!, slashed[2]) : new RegExp(`^${pattern}$`);
  } catch {
    return undefined;
  }
}

function specialMatches(match: string, value: unknown): boolean {
  const isNull = value === null || value === undefined;
  const isNaN = typeof value === 'number' && Number.isNaN(value);
  switch (match) {
    case 'null':
      return isNull;
    case 'nan':
      return isNaN;
    case 'null+nan':
      return isNull || isNaN;
    case 'true':
      return value === true || value === 'true';
    case 'false':
      return value === false || value === 'false';
    case 'empty':
      return value === '';
    default:
      return false;
  }
}

/** The result of the first mapping that matches `value`, or undefined. */
export function applyValueMappings(value: unknown, mappings: readonly ValueMapping[]): ValueMappingResult | undefined {
  for (const mapping of mappings) {
    switch (mapping.type) {
      case 'value': {
        if (value === null || value === undefined) break;
        const result = mapping.options[String(value)];
        if (result) return result;
        break;
      }
      case 'range': {
        if (value === null || value === undefined || value === '' || typeof value === 'boolean') break;
        const number = Number(value);
        if (Number.isNaN(number)) break;
        const from = toNumber(mapping.options.from);
        const to = toNumber(mapping.options.to);
        if (from === null && to === null) break;
        if (from !== null && number < from) break;
        if (to !== null && number > to) break;
        return mapping.options.result;
      }
      case 'regex': {
        if (typeof value !== 'string' && typeof value !== 'number') break;
        const text = String(value);
        const regex = regexFromString(mapping.options.pattern ?? '');
        if (!regex || !regex.test(text)) break;
        regex.lastIndex = 0;
        const result = mapping.options.result;
        // The text may refer to the pattern's groups ($1); without text the value stays.
        return result.text ? { ...result, text: text.replace(regex, result.text) } : result;
      }
      case 'special':
        if (specialMatches(mapping.options.match, value)) return mapping.options.result;
        break;
    }
  }
  return undefined;
}
