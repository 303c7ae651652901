// Options of a variable, Grafana's rules: the custom variable's comma list (`key : value`),
// interval lists with "auto", data sources by plugin type, the `regex` filter with capture
// groups (named `text`/`value`), `sort` 0..8, and checking a wanted selection against the
// options (what stays selected, what is picked when nothing is).
import type { FrontendSettings } from '../../api/types';
import { ALL_TEXT, ALL_VALUE, AUTO_TEXT, AUTO_VALUE, type Selection, type VariableModel, type VariableOption } from './model';

/** `a, b\,c, Key : value`: options split on unescaped commas, `text : value` pairs. */
export function parseCustomQuery(query: string): VariableOption[] {
  const options: VariableOption[] = [];
  for (const part of query.match(/(?:\\,|[^,])+/g) ?? []) {
    const item = part.trim().replace(/\\,/g, ',');
    if (item === '') continue;
    const pair = /^\s*(.+)\s:\s(.+)$/.exec(item);
    options.push(pair ? { text: pair[1]!.trim(), value: pair[2]!.trim() } : { text: item, value: item });
  }
  return uniqueByValue(options);
}

/** An interval variable's options: its comma list, "auto" first when enabled. */
export function intervalOptions(model: VariableModel): VariableOption[] {
  const query = typeof model.query === 'string' ? model.query : '';
  const options = query
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => ({ text: item, value: item }));
  return model.auto ? [{ text: AUTO_TEXT, value: AUTO_VALUE }, ...options] : options;
}

/** A data source variable's options: the data sources of the plugin type in `query` whose
 * names pass `regex` (already interpolated), by name; the value is the uid. */
export function dataSourceOptions(model: VariableModel, settings: FrontendSettings, regex: string): VariableOption[] {
  const pluginType = typeof model.query === 'string' ? model.query : '';
  const filter = regex ? toRegExp(regex) : undefined;
  return Object.values(settings.datasources)
    .filter((source) => source.type === pluginType || (pluginType === 'testdata' && source.type === 'grafana-testdata-datasource'))
    .filter((source) => !filter || (filter.lastIndex = 0, filter.test(source.name)))
    .map((source) => ({ text: source.name, value: source.uid }))
    .sort((a, b) => a.text.localeCompare(b.text));
}

/** Grafana's `stringToJsRegex`: `/pattern/flags`, or a bare pattern anchored at both ends. */
export function toRegExp(text: string): RegExp {
  if (!text.startsWith('/')) return new RegExp(`^${text}$`);
  const match = /^\/(.*?)\/([gimsuy]*)$/s.exec(text);
  if (!match) throw new Error(`'${text}' is not a valid regular expression`);
  return new RegExp(match[1]!, match[2]);
}

function allMatches(text: string, pattern: RegExp): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.global ? pattern.exec(text) : null) {
    matches.push(match);
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return matches;
}

/**
 * Applies a variable's `regex` to found values, as Grafana does: values that do not match are
 * dropped; named groups `value` and `text` set either; else the first capture group is the
 * value (every match's group with the `g` flag); else the value is kept whole. Then
 * duplicates by value are dropped and the options sorted.
 */
export function applyRegexAndSort(found: VariableOption[], regex: string, sort: number | undefined): VariableOption[] {
  const pattern = regex ? toRegExp(regex) : undefined;
  const options: VariableOption[] = [];
  for (const item of found) {
    if (!pattern) {
      options.push(item);
      continue;
    }
    const matches = allMatches(item.value, pattern);
    if (matches.length === 0) continue;
    const valueMatch = matches.find((match) => match.groups?.value !== undefined);
    const textMatch = matches.find((match) => match.groups?.text !== undefined);
    const withGroup = matches.find((match) => match.length > 1);
    if (valueMatch || textMatch) {
      const value = valueMatch?.groups?.value ?? textMatch!.groups!.text!;
      options.push({ value, text: textMatch?.groups?.text ?? value });
    } else if (withGroup && matches.length > 1) {
      for (const match of matches) options.push({ value: match[1] ?? '', text: match[1] ?? '' });
    } else if (withGroup) {
      options.push({ value: withGroup[1] ?? '', text: withGroup[1] ?? '' });
    } else {
      options.push(item);
    }
  }
  return sortOptions(uniqueByValue(options), sort ?? 0);
}

export function uniqueByValue(options: VariableOption[]): VariableOption[] {
  const seen = new Set<string>();
  return options.filter((option) => !seen.has(option.value) && (seen.add(option.value), true));
}

const naturalCollator = new Intl.Collator(undefined, { sensitivity: 'accent', numeric: true });

/** The first whole number in a text (`host-12` → 12), -1 when there is none. */
function firstNumber(text: string): number {
  const match = /(\d+)/.exec(text);
  return match ? parseInt(match[1]!, 10) : -1;
}

function compareBy<T>(key: (option: VariableOption) => T): (a: VariableOption, b: VariableOption) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/**
 * Grafana's `sort`: 0 as found; 1/2 alphabetical (case-sensitive) ascending/descending; 3/4
 * numerical by the first number in the text (none counts as -1); 5/6 alphabetical ignoring
 * case; 7/8 natural (`a2` before `a10`). Descending is the ascending order reversed.
 */
export function sortOptions(options: VariableOption[], sort: number): VariableOption[] {
  if (!sort || sort < 1 || sort > 8) return options;
  const kind = Math.ceil(sort / 2);
  const compare =
    kind === 1
      ? compareBy((option) => option.text)
      : kind === 2
        ? compareBy((option) => firstNumber(option.text))
        : kind === 3
          ? compareBy((option) => option.text.toLowerCase())
          : (a: VariableOption, b: VariableOption) => naturalCollator.compare(a.text, b.text);
  const sorted = [...options].sort(compare);
  return sort % 2 === 0 ? sorted.reverse() : sorted;
}

/**
 * The selection a variable ends up with: the wanted values found among the options (by
 * value, else by text; the first one only unless multi), "All" when wanted and offered.
 * When nothing wanted is found: "All" when the variable offers it, else the first option,
 * else nothing.
 */
export function validateSelection(model: VariableModel, options: VariableOption[], wanted: Selection): Selection {
  if (wanted.all && model.includeAll) return { values: [ALL_VALUE], texts: [ALL_TEXT], all: true };
  const found: VariableOption[] = [];
  wanted.values.forEach((value, index) => {
    const option = options.find((candidate) => candidate.value === value) ?? options.find((candidate) => candidate.text === (wanted.texts[index] ?? value)) ?? options.find((candidate) => candidate.text === value);
    if (option && !found.includes(option)) found.push(option);
  });
  const kept = model.multi ? found : found.slice(0, 1);
  if (kept.length > 0) return { values: kept.map((option) => option.value), texts: kept.map((option) => option.text), all: false };
  if (model.includeAll) return { values: [ALL_VALUE], texts: [ALL_TEXT], all: true };
  const first = options[0];
  return first ? { values: [first.value], texts: [first.text], all: false } : { values: [], texts: [], all: false };
}
