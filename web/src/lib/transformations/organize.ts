// Transformations that pick, order and rename fields or frames, matching fields by the display
// name panels show: `organize`, `filterFieldsByName`, `filterByRefId`, `renameByRegex`.
import type { Field, Frame } from '../data/frames';
import { asNumber, asRecord, asString, asStrings, displayName, patternToRegex } from './fields';
import type { Transformer } from './types';

/** The value of a by-name option map for a field: its display name first, then its name. */
function byName<T>(map: Record<string, T>, field: Field, frame: Frame, frames: readonly Frame[]): T | undefined {
  const shown = displayName(field, frame, frames);
  if (Object.hasOwn(map, shown)) return map[shown];
  return Object.hasOwn(map, field.name) ? map[field.name] : undefined;
}

function renamed(field: Field, name: string): Field {
  return { ...field, config: { ...field.config, displayName: name } };
}

export const organizeTransformer: Transformer = (frames, options) => {
  const exclude = asRecord(options.excludeByName);
  const index = asRecord(options.indexByName);
  const rename = asRecord(options.renameByName);
  const ordered = Object.keys(index).length > 0;
  return frames.map((frame) => {
    const kept = frame.fields
      .map((field) => ({ field, position: asNumber(byName(index, field, frame, frames)) ?? Number.MAX_SAFE_INTEGER }))
      .filter(({ field }) => byName(exclude, field, frame, frames) !== true);
    if (ordered) kept.sort((left, right) => left.position - right.position);
    const fields = kept.map(({ field }) => {
      const name = asString(byName(rename, field, frame, frames));
      return name ? renamed(field, name) : field;
    });
    return { ...frame, fields };
  });
};

interface NameFilter {
  names: Set<string>;
  pattern?: RegExp;
}

function nameFilter(value: unknown): NameFilter | undefined {
  const record = asRecord(value);
  const names = new Set(asStrings(record.names));
  const patternText = asString(record.pattern);
  const pattern = patternText ? patternToRegex(patternText) : undefined;
  if (names.size === 0 && !pattern) return undefined;
  return { names, pattern };
}

function matchesFilter(filter: NameFilter, name: string): boolean {
  return filter.names.has(name) || (filter.pattern !== undefined && filter.pattern.test(name));
}

export const filterFieldsByNameTransformer: Transformer = (frames, options) => {
  const include = nameFilter(options.include);
  const exclude = nameFilter(options.exclude);
  if (!include && !exclude) return frames;
  const result: Frame[] = [];
  for (const frame of frames) {
    const fields = frame.fields.filter((field) => {
      const name = displayName(field, frame, frames);
      if (include && !matchesFilter(include, name)) return false;
      return !(exclude && matchesFilter(exclude, name));
    });
    if (fields.length > 0) result.push({ ...frame, fields });
  }
  return result;
};

/** Grafana's refId pattern: `/regex/`, or names separated by `|`. */
export function refIdMatcher(pattern: string): (refId: string | undefined) => boolean {
  if (pattern.startsWith('/')) {
    const regex = patternToRegex(pattern);
    return (refId) => regex !== undefined && regex.test(refId ?? '');
  }
  const names = new Set(pattern.split('|'));
  return (refId) => names.has(refId ?? '');
}

export const filterByRefIdTransformer: Transformer = (frames, options) => {
  const include = asString(options.include);
  if (!include) return frames;
  const matches = refIdMatcher(include);
  return frames.filter((frame) => matches(frame.refId));
};

export const renameByRegexTransformer: Transformer = (frames, options) => {
  const regexText = asString(options.regex);
  const replacement = asString(options.renamePattern);
  if (!regexText || replacement === undefined) return frames;
  const regex = patternToRegex(regexText);
  if (!regex) return frames;
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => {
      const name = displayName(field, frame, frames);
      regex.lastIndex = 0;
      if (!regex.test(name)) return field;
      regex.lastIndex = 0;
      return renamed(field, name.replace(regex, replacement));
    }),
  }));
};
