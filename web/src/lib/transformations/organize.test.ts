import { describe, expect, it } from 'vitest';
import { filterByRefIdTransformer, filterFieldsByNameTransformer, organizeTransformer, renameByRegexTransformer } from './organize';
import { frame, series, view } from './testing';

const table = frame([
  ['Time', 'time', [1]],
  ['host', 'string', ['a']],
  ['cpu', 'number', [0.5]],
  ['mem', 'number', [12]],
]);

describe('organize', () => {
  it.each([
    {
      name: 'hides, orders and renames by name',
      options: { excludeByName: { Time: true }, indexByName: { mem: 0, host: 1, cpu: 2 }, renameByName: { cpu: 'CPU', mem: 'Memory' } },
      expected: [[['Memory', 'number', [12]], ['host', 'string', ['a']], ['CPU', 'number', [0.5]]]],
    },
    {
      name: 'fields missing from indexByName go last, in their order',
      options: { indexByName: { mem: 0 } },
      expected: [[['mem', 'number', [12]], ['Time', 'time', [1]], ['host', 'string', ['a']], ['cpu', 'number', [0.5]]]],
    },
    {
      name: 'excludeByName false keeps the field; empty options change nothing',
      options: { excludeByName: { cpu: false }, renameByName: { host: '' } },
      expected: view([table]),
    },
  ])('$name', ({ options, expected }) => {
    expect(view(organizeTransformer([table], options))).toEqual(expected);
  });

  it('matches fields by their display name (labels)', () => {
    const labelled = series('A', 'Value', [1], [3], { host: 'web-1' });
    expect(view(organizeTransformer([labelled], { excludeByName: { time: true }, renameByName: { 'web-1': 'Web server' } }))).toEqual([[['Web server', 'number', [3]]]]);
  });
});

describe('filterFieldsByName', () => {
  it.each([
    { name: 'include names', options: { include: { names: ['host', 'cpu'] } }, expected: [[['host', 'string', ['a']], ['cpu', 'number', [0.5]]]] },
    { name: 'include a pattern', options: { include: { pattern: '^(c|m)' } }, expected: [[['cpu', 'number', [0.5]], ['mem', 'number', [12]]]] },
    { name: 'exclude names', options: { exclude: { names: ['Time', 'mem'] } }, expected: [[['host', 'string', ['a']], ['cpu', 'number', [0.5]]]] },
    { name: 'exclude a /regex/', options: { exclude: { pattern: '/^TIME$/i' } }, expected: [[['host', 'string', ['a']], ['cpu', 'number', [0.5]], ['mem', 'number', [12]]]] },
    { name: 'frames left without fields go', options: { include: { names: ['nothing'] } }, expected: [] },
    { name: 'no options: unchanged', options: {}, expected: view([table]) },
  ])('$name', ({ options, expected }) => {
    expect(view(filterFieldsByNameTransformer([table], options))).toEqual(expected);
  });
});

describe('filterByRefId', () => {
  const frames = [series('A', 'a', [1], [1]), series('B', 'b', [1], [2]), series('C', 'c', [1], [3])];
  it.each([
    { include: 'B', expected: ['B'] },
    { include: 'A|C', expected: ['A', 'C'] },
    { include: '/^[AB]$/', expected: ['A', 'B'] },
    { include: '', expected: ['A', 'B', 'C'] },
  ])('include $include', ({ include, expected }) => {
    expect(filterByRefIdTransformer(frames, { include }).map((each) => each.refId)).toEqual(expected);
  });
});

describe('renameByRegex', () => {
  it.each([
    { regex: '(.*)-series', renamePattern: 'Series $1', expected: ['time', 'Series A'] },
    { regex: '/^A/', renamePattern: 'Z', expected: ['time', 'Z-series'] },
    { regex: 'nomatch', renamePattern: 'x', expected: ['time', 'A-series'] },
  ])('$regex → $renamePattern', ({ regex, renamePattern, expected }) => {
    const result = renameByRegexTransformer([series('A', 'A-series', [1], [1])], { regex, renamePattern });
    expect(view(result)[0]!.map(([name]) => name)).toEqual(expected);
  });
});
