import { describe, expect, it } from 'vitest';
import type { FrontendSettings } from '../../api/types';
import { ALL_VALUE, AUTO_VALUE, type VariableOption } from './model';
import { applyRegexAndSort, dataSourceOptions, intervalOptions, parseCustomQuery, sortOptions, toRegExp, validateSelection } from './options';

const values = (...items: string[]): VariableOption[] => items.map((item) => ({ text: item, value: item }));
const texts = (options: VariableOption[]) => options.map((option) => option.text);

describe('custom variables', () => {
  it('splits on unescaped commas and reads `text : value` pairs', () => {
    expect(parseCustomQuery('a, b ,c\\,d, Production : prod,  , a')).toEqual([
      { text: 'a', value: 'a' },
      { text: 'b', value: 'b' },
      { text: 'c,d', value: 'c,d' },
      { text: 'Production', value: 'prod' },
    ]);
    // A colon without spaces around it is part of the value.
    expect(parseCustomQuery('http://x:80')).toEqual([{ text: 'http://x:80', value: 'http://x:80' }]);
  });
});

describe('interval variables', () => {
  it('lists the intervals, auto first when enabled', () => {
    expect(intervalOptions({ name: 'i', type: 'interval', query: '1m, 10m,1h', auto: true })).toEqual([
      { text: 'auto', value: AUTO_VALUE },
      { text: '1m', value: '1m' },
      { text: '10m', value: '10m' },
      { text: '1h', value: '1h' },
    ]);
    expect(intervalOptions({ name: 'i', type: 'interval', query: '5m' })).toEqual([{ text: '5m', value: '5m' }]);
  });
});

describe('data source variables', () => {
  const settings: FrontendSettings = {
    appSubUrl: '',
    defaultDatasource: 'Prom A',
    datasources: {
      'Prom B': { uid: 'pb', type: 'prometheus', name: 'Prom B' },
      'Prom A': { uid: 'pa', type: 'prometheus', name: 'Prom A' },
      Other: { uid: 'o', type: 'loki', name: 'Other' },
    },
  };

  it('lists data sources of the plugin type by name, filtered by regex', () => {
    expect(dataSourceOptions({ name: 'ds', type: 'datasource', query: 'prometheus' }, settings, '')).toEqual([
      { text: 'Prom A', value: 'pa' },
      { text: 'Prom B', value: 'pb' },
    ]);
    expect(dataSourceOptions({ name: 'ds', type: 'datasource', query: 'prometheus' }, settings, '/B$/')).toEqual([{ text: 'Prom B', value: 'pb' }]);
  });
});

describe('regex', () => {
  it('anchors a bare pattern and reads /pattern/flags', () => {
    expect(toRegExp('web.*').test('xweb-1')).toBe(false);
    expect(toRegExp('/WEB/i').test('xweb-1')).toBe(true);
    expect(() => toRegExp('/unclosed')).toThrow(/not a valid regular expression/);
  });

  it('drops what does not match', () => {
    expect(texts(applyRegexAndSort(values('web-1', 'db-1', 'web-2'), '/^web/', 0))).toEqual(['web-1', 'web-2']);
  });

  it('takes the first capture group as the value', () => {
    expect(applyRegexAndSort(values('host=web-1;dc=eu', 'host=db-1;dc=us', 'nohost'), '/host=([^;]+)/', 0)).toEqual(values('web-1', 'db-1'));
  });

  it('takes every match of a global pattern', () => {
    expect(texts(applyRegexAndSort(values('a1 b2 c3'), '/([a-z])\\d/g', 0))).toEqual(['a', 'b', 'c']);
  });

  it('reads named groups text and value', () => {
    expect(applyRegexAndSort(values('id=1 name=Alpha', 'id=2 name=Beta'), '/id=(?<value>\\d+) name=(?<text>\\w+)/', 0)).toEqual([
      { value: '1', text: 'Alpha' },
      { value: '2', text: 'Beta' },
    ]);
    expect(applyRegexAndSort(values('name=Alpha'), '/name=(?<text>\\w+)/', 0)).toEqual([{ value: 'Alpha', text: 'Alpha' }]);
  });

  it('drops duplicate values', () => {
    expect(texts(applyRegexAndSort(values('web-1:80', 'web-1:81', 'web-2:80'), '/(web-\\d)/', 0))).toEqual(['web-1', 'web-2']);
  });
});

describe('sort', () => {
  const found = values('b10', 'B2', 'a1', 'c', 'A20');

  it('keeps the order for 0', () => {
    expect(texts(sortOptions(found, 0))).toEqual(['b10', 'B2', 'a1', 'c', 'A20']);
  });

  it('sorts alphabetically (case-sensitive) for 1 and 2', () => {
    expect(texts(sortOptions(found, 1))).toEqual(['A20', 'B2', 'a1', 'b10', 'c']);
    expect(texts(sortOptions(found, 2))).toEqual(['c', 'b10', 'a1', 'B2', 'A20']);
  });

  it('sorts by the first number for 3 and 4, no number counting as -1', () => {
    expect(texts(sortOptions(found, 3))).toEqual(['c', 'a1', 'B2', 'b10', 'A20']);
    expect(texts(sortOptions(found, 4))).toEqual(['A20', 'b10', 'B2', 'a1', 'c']);
  });

  it('sorts alphabetically ignoring case for 5 and 6', () => {
    expect(texts(sortOptions(found, 5))).toEqual(['a1', 'A20', 'b10', 'B2', 'c']);
    expect(texts(sortOptions(found, 6))).toEqual(['c', 'B2', 'b10', 'A20', 'a1']);
  });

  it('sorts naturally for 7 and 8', () => {
    expect(texts(sortOptions(values('a10', 'a2', 'a1'), 7))).toEqual(['a1', 'a2', 'a10']);
    expect(texts(sortOptions(values('a10', 'a2', 'a1'), 8))).toEqual(['a10', 'a2', 'a1']);
  });

  it('applies after the regex', () => {
    expect(texts(applyRegexAndSort(values('x-10', 'x-9', 'y-1'), '/x-(\\d+)/', 3))).toEqual(['9', '10']);
  });
});

describe('validateSelection', () => {
  const options = [
    { text: 'Europe', value: 'eu' },
    { text: 'US', value: 'us' },
    { text: 'Asia', value: 'ap' },
  ];
  const wanted = (...items: string[]) => ({ values: items, texts: items, all: false });

  it('keeps wanted values found by value or text', () => {
    expect(validateSelection({ name: 'r', type: 'custom' }, options, wanted('us'))).toEqual({ values: ['us'], texts: ['US'], all: false });
    expect(validateSelection({ name: 'r', type: 'custom' }, options, wanted('Asia'))).toEqual({ values: ['ap'], texts: ['Asia'], all: false });
  });

  it('keeps the found ones of several, the first only when single', () => {
    expect(validateSelection({ name: 'r', type: 'custom', multi: true }, options, wanted('gone', 'ap', 'eu')).values).toEqual(['ap', 'eu']);
    expect(validateSelection({ name: 'r', type: 'custom' }, options, wanted('ap', 'eu')).values).toEqual(['ap']);
  });

  it('falls back to All when offered, else the first option', () => {
    expect(validateSelection({ name: 'r', type: 'custom', includeAll: true }, options, wanted('gone')).all).toBe(true);
    expect(validateSelection({ name: 'r', type: 'custom' }, options, wanted('gone'))).toEqual({ values: ['eu'], texts: ['Europe'], all: false });
    expect(validateSelection({ name: 'r', type: 'custom' }, [], wanted('gone'))).toEqual({ values: [], texts: [], all: false });
  });

  it('keeps All only when the variable offers it', () => {
    const all = { values: [ALL_VALUE], texts: ['All'], all: true };
    expect(validateSelection({ name: 'r', type: 'custom', includeAll: true }, options, all).all).toBe(true);
    expect(validateSelection({ name: 'r', type: 'custom' }, options, all).values).toEqual(['eu']);
  });
});
