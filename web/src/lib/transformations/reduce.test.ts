import { describe, expect, it } from 'vitest';
import { reduceTransformer } from './reduce';
import { frame, series, view } from './testing';

const twoSeries = [series('A', 'A-series', [1, 2, 3], [1, 5, 3]), series('B', 'B-series', [1, 2, 3], [10, null, 30])];
const labelled = [series('A', 'Value', [1, 2], [1, 2], { host: 'a', dc: 'eu' }), series('A', 'Value', [1, 2], [3, 4], { host: 'b' })];

describe('reduce', () => {
  it.each([
    {
      name: 'series to rows: a row per field, a column per reducer',
      input: twoSeries,
      options: { reducers: ['max', 'mean', 'lastNotNull'] },
      expected: [
        [
          ['Field', 'string', ['A-series', 'B-series']],
          ['Max', 'number', [5, 30]],
          ['Mean', 'number', [3, 20]],
          ['Last *', 'number', [3, 30]],
        ],
      ],
    },
    {
      name: 'the old table transform: reducers with includeTimeField false',
      input: twoSeries,
      options: { reducers: ['min', 'sum', 'count'], includeTimeField: false },
      expected: [
        [
          ['Field', 'string', ['A-series', 'B-series']],
          ['Min', 'number', [1, 10]],
          ['Total', 'number', [9, 40]],
          ['Count', 'number', [3, 3]],
        ],
      ],
    },
    {
      name: 'labels to fields: field names plus a column per label',
      input: labelled,
      options: { reducers: ['last'], labelsToFields: true },
      expected: [
        [
          ['Field', 'string', ['Value', 'Value']],
          ['host', 'string', ['a', 'b']],
          ['dc', 'string', ['eu', null]],
          ['Last', 'number', [2, 4]],
        ],
      ],
    },
    {
      name: 'labels without labelsToFields: display names from the labels',
      input: labelled,
      options: { reducers: ['first'] },
      expected: [
        [
          ['Field', 'string', ['{host="a", dc="eu"}', 'b']],
          ['First', 'number', [1, 3]],
        ],
      ],
    },
    {
      name: 'reduce fields: the frames stay, one value per field',
      input: twoSeries,
      options: { reducers: ['max'], mode: 'reduceFields' },
      expected: [[['A-series', 'number', [5]]], [['B-series', 'number', [30]]]],
    },
    {
      name: 'reduce fields with the time field',
      input: [twoSeries[0]!],
      options: { reducers: ['last'], mode: 'reduceFields', includeTimeField: true },
      expected: [
        [
          ['time', 'number', [3]],
          ['A-series', 'number', [3]],
        ],
      ],
    },
    {
      name: 'text fields keep text for first/last',
      input: [frame([['status', 'string', ['up', 'down']]])],
      options: { reducers: ['lastNotNull', 'count'] },
      expected: [
        [
          ['Field', 'string', ['status']],
          ['Last *', 'string', ['down']],
          ['Count', 'number', [2]],
        ],
      ],
    },
    {
      name: 'a fields matcher limits the fields',
      input: twoSeries,
      options: { reducers: ['max'], fields: { id: 'byName', options: 'B-series' } },
      expected: [
        [
          ['Field', 'string', ['B-series']],
          ['Max', 'number', [30]],
        ],
      ],
    },
    { name: 'no reducers: unchanged', input: twoSeries, options: { reducers: [] }, expected: view(twoSeries) },
  ])('$name', ({ input, options, expected }) => {
    expect(view(reduceTransformer(input, options))).toEqual(expected);
  });

  it('several reducers in reduceFields mode label each value', () => {
    const [result] = reduceTransformer([twoSeries[0]!], { reducers: ['min', 'max'], mode: 'reduceFields' });
    expect(result!.fields.map((field) => field.labels)).toEqual([{ reducer: 'Min' }, { reducer: 'Max' }]);
  });
});
