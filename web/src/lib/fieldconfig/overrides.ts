// Field config resolution: the data source's own config for a field, under the panel's
// defaults where it left a setting unset, then every override whose matcher selects the
// field, in order, each property set by its dotted id (`custom.axisPlacement`, `color`, …).
// Matchers: byName, byNames (include/exclude), byRegexp (anchored unless /…/flags),
// byType, byFrameRefID, byValue (a reducer compared with a number).
import type { Field, Frame } from '../data/frames';
import { reduce } from '../data/reduce';
import { regexFromString } from './mappings';
import type { FieldConfig, FieldConfigOverride, FieldConfigSource } from './types';

type Matcher = FieldConfigOverride['matcher'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byValueMatches(options: Record<string, unknown>, field: Field): boolean {
  if (field.type !== 'number' || typeof options.value !== 'number') return false;
  const target = options.value;
  const compare = (value: number | null): boolean => {
    if (value === null || Number.isNaN(value)) return false;
    switch (options.op) {
      case 'gt':
        return value > target;
      case 'gte':
        return value >= target;
      case 'lt':
        return value < target;
      case 'lte':
        return value <= target;
      case 'eq':
        return value === target;
      case 'ne':
        return value !== target;
      default:
        return false;
    }
  };
  const reducer = typeof options.reducer === 'string' ? options.reducer : 'allValues';
  if (reducer === 'allValues') return field.values.length > 0 && field.values.every((value) => compare(typeof value === 'number' ? value : null));
  return compare(reduce(field.values, reducer));
}

/** Whether `matcher` selects the field (whose display name is `displayName`). */
export function matcherMatches(matcher: Matcher, field: Field, frame: Frame, displayName: string): boolean {
  const options = matcher.options;
  switch (matcher.id) {
    case 'byName':
      return typeof options === 'string' && (options === displayName || options === field.name);
    case 'byNames': {
      if (!isRecord(options) || !Array.isArray(options.names)) return false;
      const listed = options.names.includes(displayName) || options.names.includes(field.name);
      return options.mode === 'exclude' ? !listed && field.type !== 'time' : listed;
    }
    case 'byRegexp': {
      if (typeof options !== 'string' || options === '') return false;
      return regexFromString(options)?.test(displayName) ?? false;
    }
    case 'byType':
      return options === field.type;
    case 'byFrameRefID':
      return options === frame.refId;
    case 'byValue':
      return isRecord(options) && byValueMatches(options, field);
    default:
      return false;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = isRecord(next) ? { ...next } : {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** The field's config with the panel's defaults filled in and its overrides applied. The
 * field and the defaults are not changed. */
export function resolveFieldConfig(field: Field, frame: Frame, displayName: string, source: FieldConfigSource | undefined): FieldConfig {
  const defaults = source?.defaults ?? {};
  const own = field.config ?? {};
  const config: FieldConfig = { ...defaults };
  for (const [key, value] of Object.entries(own)) {
    if (value !== undefined && value !== null) config[key] = value;
  }
  config.custom = { ...(defaults.custom ?? {}), ...(own.custom ?? {}) };
  for (const override of source?.overrides ?? []) {
    if (!override?.matcher || !matcherMatches(override.matcher, field, frame, displayName)) continue;
    for (const property of override.properties ?? []) {
      if (typeof property?.id === 'string' && property.id) setPath(config as Record<string, unknown>, property.id, property.value);
    }
  }
  return config;
}
