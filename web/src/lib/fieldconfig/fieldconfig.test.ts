import { describe, expect, it } from 'vitest';
import { framesFromJson, type Frame } from '../data/frames';
import {
  activeThreshold,
  applyValueMappings,
  colorByName,
  displayProcessor,
  displayText,
  fieldDisplayValues,
  fieldMappings,
  fromNow,
  interpolateColors,
  matcherMatches,
  processFields,
  resolveFieldConfig,
  schemeColors,
  thresholdAbsoluteValue,
  withAlpha,
  type FieldConfig,
  type ValueMapping,
} from './index';

const frame = (name: string, fields: { name: string; type: string; values: unknown[]; labels?: Record<string, string> }[], refId = 'A'): Frame =>
  framesFromJson(
    {
      schema: { name, refId, fields: fields.map(({ name: fieldName, type, labels }) => ({ name: fieldName, type, labels })) },
      data: { values: fields.map((field) => field.values) },
    },
    refId,
  );

describe('value mappings', () => {
  const mappings: ValueMapping[] = [
    { type: 'value', options: { '1': { text: 'Up', color: 'green' }, '0': { text: 'Down', color: 'red' } } },
    { type: 'range', options: { from: 10, to: 20, result: { text: 'Teens', color: 'blue' } } },
    { type: 'regex', options: { pattern: 'host-(\\d+)', result: { text: 'Host $1' } } },
    { type: 'special', options: { match: 'null', result: { text: 'Missing', color: 'orange' } } },
    { type: 'special', options: { match: 'nan', result: { text: 'Not a number' } } },
    { type: 'special', options: { match: 'true', result: { text: 'Yes' } } },
    { type: 'special', options: { match: 'empty', result: { text: 'Blank' } } },
  ];

  it('matches values by their text, ranges inclusively, regexes anchored with groups, specials', () => {
    expect(applyValueMappings(1, mappings)?.text).toBe('Up');
    expect(applyValueMappings('0', mappings)?.text).toBe('Down');
    expect(applyValueMappings(10, mappings)?.text).toBe('Teens');
    expect(applyValueMappings(20, mappings)?.text).toBe('Teens');
    expect(applyValueMappings(20.5, mappings)).toBeUndefined();
    expect(applyValueMappings('host-12', mappings)?.text).toBe('Host 12');
    expect(applyValueMappings('my-host-12', mappings)).toBeUndefined();
    expect(applyValueMappings(null, mappings)?.text).toBe('Missing');
    expect(applyValueMappings(NaN, mappings)?.text).toBe('Not a number');
    expect(applyValueMappings(true, mappings)?.text).toBe('Yes');
    expect(applyValueMappings('', mappings)?.text).toBe('Blank');
  });

  it('takes the first match in order and reads the Grafana 7 flat form', () => {
    const overlapping: ValueMapping[] = [
      { type: 'range', options: { from: 0, to: 100, result: { text: 'first' } } },
      { type: 'value', options: { '5': { text: 'second' } } },
    ];
    expect(applyValueMappings(5, overlapping)?.text).toBe('first');
    const legacy = fieldMappings({ mappings: [{ type: 1, value: '3', text: 'three' }, { type: 2, from: '5', to: '9', text: 'mid' }] });
    expect(applyValueMappings(3, legacy)?.text).toBe('three');
    expect(applyValueMappings(7, legacy)?.text).toBe('mid');
  });

  it('replace text and colour in the display processor, keep the number', () => {
    const display = displayProcessor({ unit: 'percent', mappings }, { fieldType: 'number' });
    expect(display(1)).toMatchObject({ text: 'Up', color: '#73BF69', numeric: 1, mapped: true });
    expect(display(1).suffix).toBeUndefined();
    expect(display(55)).toMatchObject({ text: '55', suffix: '%' });
    // A colour-only mapping keeps the formatted text.
    const colourOnly = displayProcessor({ unit: 'short', mappings: [{ type: 'range', options: { from: 0, to: 5, result: { color: 'purple' } } }] });
    expect(colourOnly(3)).toMatchObject({ text: '3', color: '#B877D9' });
  });
});

describe('thresholds', () => {
  const config: FieldConfig = {
    thresholds: { mode: 'percentage', steps: [{ value: null, color: 'green' }, { value: 50, color: 'orange' }, { value: 90, color: 'red' }] },
  };
  const range = { min: 100, max: 300, delta: 200 };

  it('compares percentages of the range in percentage mode', () => {
    expect(activeThreshold(150, config, range).color).toBe('green');
    expect(activeThreshold(200, config, range).color).toBe('orange');
    expect(activeThreshold(290, config, range).color).toBe('red');
    expect(activeThreshold(null, config, range).color).toBe('green');
    expect(thresholdAbsoluteValue({ value: 50, color: 'orange' }, config, range)).toBe(200);
  });

  it('sorts unsorted steps and uses the default steps when there are none', () => {
    const unsorted: FieldConfig = { thresholds: { mode: 'absolute', steps: [{ value: 80, color: 'red' }, { value: null, color: 'green' }, { value: 50, color: 'yellow' }] } };
    expect(activeThreshold(60, unsorted).color).toBe('yellow');
    expect(activeThreshold(85, {}).color).toBe('red');
    expect(activeThreshold(79, {}).color).toBe('green');
  });
});

describe('colour schemes', () => {
  it('resolves named colours and themed ones', () => {
    expect(colorByName('dark-red')).toBe('#C4162A');
    expect(colorByName('text', 'light')).toBe('#24292e');
    expect(colorByName('#123456')).toBe('#123456');
    expect(withAlpha('rgb(10, 20, 30)', 0.5)).toBe('#0a141e80');
  });

  it('interpolates continuous schemes by the value percent of the range', () => {
    const display = displayProcessor({ color: { mode: 'continuous-GrYlRd' } }, { range: { min: 0, max: 100, delta: 100 } });
    expect(display(0).color.toLowerCase()).toBe('#73bf69');
    expect(display(50).color.toLowerCase()).toBe('#fade2a');
    expect(display(100).color.toLowerCase()).toBe('#f2495c');
    expect(display(200).color.toLowerCase()).toBe('#f2495c');
    expect(display(25).percent).toBe(0.25);
    expect(interpolateColors(['#000000', '#ffffff'], 0.5)).toBe('#808080');
    expect(schemeColors('continuous-blues', 'light')?.[0]).toBe('#ffffff');
    expect(schemeColors('continuous-blues', 'dark')?.[0]).toBe('#181b1f');
  });

  it('colours fixed, shades, palette and threshold modes', () => {
    expect(displayProcessor({ color: { mode: 'fixed', fixedColor: 'blue' } })(1).color).toBe('#5794F2');
    expect(displayProcessor({ color: { mode: 'palette-classic' } }, { seriesIndex: 1 })(1).color).toBe('#EAB839');
    const shades = [0, 1, 2].map((index) => displayProcessor({ color: { mode: 'shades', fixedColor: 'red' } }, { seriesIndex: index })(1).color);
    expect(new Set(shades).size).toBe(3);
    expect(displayProcessor({})(95).color).toBe('#F2495C');
    expect(displayProcessor({}, { defaultColorMode: 'palette-classic', seriesIndex: 2 })(95).color).toBe('#6ED0E0');
  });
});

describe('overrides', () => {
  const data = frame('cpu', [
    { name: 'time', type: 'time', values: [1, 2] },
    { name: 'user', type: 'number', values: [10, 20] },
    { name: 'system', type: 'number', values: [30, 40] },
    { name: 'host', type: 'string', values: ['a', 'b'] },
  ]);
  const [time, user, system, host] = data.fields;

  it('match by name, names, regexp (anchored), type, frame refId and value', () => {
    expect(matcherMatches({ id: 'byName', options: 'user' }, user!, data, 'user')).toBe(true);
    expect(matcherMatches({ id: 'byName', options: 'user' }, system!, data, 'system')).toBe(false);
    expect(matcherMatches({ id: 'byNames', options: { mode: 'exclude', names: ['user'] } }, system!, data, 'system')).toBe(true);
    expect(matcherMatches({ id: 'byNames', options: { mode: 'exclude', names: ['user'] } }, time!, data, 'time')).toBe(false);
    expect(matcherMatches({ id: 'byRegexp', options: 'sys.*' }, system!, data, 'system')).toBe(true);
    expect(matcherMatches({ id: 'byRegexp', options: 'ys' }, system!, data, 'system')).toBe(false);
    expect(matcherMatches({ id: 'byRegexp', options: '/ys/' }, system!, data, 'system')).toBe(true);
    expect(matcherMatches({ id: 'byType', options: 'string' }, host!, data, 'host')).toBe(true);
    expect(matcherMatches({ id: 'byFrameRefID', options: 'A' }, user!, data, 'user')).toBe(true);
    expect(matcherMatches({ id: 'byFrameRefID', options: 'B' }, user!, data, 'user')).toBe(false);
    expect(matcherMatches({ id: 'byValue', options: { reducer: 'max', op: 'gte', value: 40 } }, system!, data, 'system')).toBe(true);
    expect(matcherMatches({ id: 'byValue', options: { reducer: 'max', op: 'gte', value: 40 } }, user!, data, 'user')).toBe(false);
  });

  it('apply properties by dotted path, later overrides winning, without touching the defaults', () => {
    const source = {
      defaults: { unit: 'percent', custom: { lineWidth: 1, axisPlacement: 'auto' } },
      overrides: [
        { matcher: { id: 'byRegexp', options: '.*' }, properties: [{ id: 'custom.axisPlacement', value: 'right' }] },
        { matcher: { id: 'byName', options: 'user' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } }, { id: 'unit', value: 'bytes' }, { id: 'custom.axisPlacement', value: 'left' }] },
      ],
    };
    const resolved = resolveFieldConfig(user!, data, 'user', source);
    expect(resolved.unit).toBe('bytes');
    expect(resolved.custom).toEqual({ lineWidth: 1, axisPlacement: 'left' });
    expect(resolved.color).toEqual({ mode: 'fixed', fixedColor: 'purple' });
    expect(resolveFieldConfig(system!, data, 'system', source).custom?.axisPlacement).toBe('right');
    expect(source.defaults.custom.axisPlacement).toBe('auto');
  });
});

describe('processFields', () => {
  it('gives every field its name, config, shared range, series index and display', () => {
    const frames = [
      frame('a', [{ name: 'time', type: 'time', values: [1, 2] }, { name: 'value', type: 'number', values: [5, 50] }]),
      frame('b', [{ name: 'time', type: 'time', values: [1, 2] }, { name: 'value', type: 'number', values: [-10, 20], labels: { host: 'db1' } }], 'B'),
    ];
    const fields = processFields(frames, { defaults: { unit: 'ms', displayName: '${__field.labels.host}' }, overrides: [{ matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'max', value: 100 }] }] }, { defaultColorMode: 'palette-classic' });
    const numbers = fields.filter((field) => field.field.type === 'number');
    expect(numbers.map((field) => field.seriesIndex)).toEqual([0, 1]);
    expect(numbers.map((field) => field.name)).toEqual(['', 'db1']);
    expect(numbers[0]!.range).toEqual({ min: -10, max: 50, delta: 60 });
    expect(numbers[1]!.range).toEqual({ min: -10, max: 100, delta: 110 });
    expect(numbers.map((field) => field.color)).toEqual(['#7EB26D', '#EAB839']);
    expect(displayText(numbers[1]!.display(1500))).toBe('1.50 s');
    expect(fields[0]!.display(0)).toMatchObject({ text: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
  });

  it('colours a by-value series by its last value and keeps per-field ranges on request', () => {
    const frames = [frame('a', [{ name: 'time', type: 'time', values: [1, 2, 3] }, { name: 'temp', type: 'number', values: [10, 90, null] }, { name: 'other', type: 'number', values: [0, 1000, 5] }])];
    const [, temp, other] = processFields(frames, { defaults: { fieldMinMax: true } });
    expect(temp!.color).toBe('#F2495C');
    expect(temp!.range).toEqual({ min: 10, max: 90, delta: 80 });
    expect(other!.range).toEqual({ min: 0, max: 1000, delta: 1000 });
    expect(temp!.display(null)).toMatchObject({ text: '' });
    expect(processFields(frames, { defaults: { noValue: 'n/a' } })[1]!.display(null).text).toBe('n/a');
  });
});

describe('fieldDisplayValues', () => {
  const frames = [
    frame('hosts', [
      { name: 'host', type: 'string', values: ['db1', 'db2', 'web1'] },
      { name: 'load', type: 'number', values: [0.5, 2.5, 1] },
    ]),
  ];

  it('reduces number fields with the first calc', () => {
    const [load] = fieldDisplayValues(frames, { defaults: { decimals: 1 } }, { calcs: ['max'] });
    expect(load).toMatchObject({ name: 'load', value: 2.5, display: { text: '2.5' } });
  });

  it('shows every row in all-values mode, titled by the row text, up to the limit', () => {
    const rows = fieldDisplayValues(frames, {}, { values: true, limit: 2 });
    expect(rows.map((row) => [row.name, row.value])).toEqual([
      ['db1', 0.5],
      ['db2', 2.5],
    ]);
  });

  it('picks fields by name or regex, strings included', () => {
    expect(fieldDisplayValues(frames, {}, { fields: '/^ho/', calcs: ['lastNotNull'] }).map((entry) => entry.display.text)).toEqual(['web1']);
    expect(fieldDisplayValues(frames, {}, { fields: 'load' }).map((entry) => entry.name)).toEqual(['load']);
  });
});

describe('time values', () => {
  it('writes relative times for dateTimeFromNow and zoned times for time fields', () => {
    const now = Date.UTC(2026, 0, 10, 12, 0, 0);
    expect(fromNow(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(fromNow(now - 3_600_000, now)).toBe('an hour ago');
    expect(fromNow(now + 2 * 86_400_000, now)).toBe('in 2 days');
    expect(fromNow(now - 10_000, now)).toBe('a few seconds ago');
    const display = displayProcessor({}, { fieldType: 'time', timeZone: 'utc' });
    expect(display(Date.UTC(2026, 0, 10, 12, 30, 5)).text).toBe('2026-01-10 12:30:05');
  });
});
