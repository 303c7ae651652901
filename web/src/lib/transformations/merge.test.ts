import { describe, expect, it } from 'vitest';
import { concatenateTransformer, mergeTransformer, seriesToRowsTransformer } from './merge';
import { frame, series, view } from './testing';

describe('merge', () => {
  it.each([
    {
      name: 'tables with the same columns: rows appended',
      input: [frame([['host', 'string', ['a']], ['value', 'number', [1]]]), frame([['host', 'string', ['b']], ['value', 'number', [2]]])],
      expected: [[['host', 'string', ['a', 'b']], ['value', 'number', [1, 2]]]],
    },
    {
      name: 'rows agreeing on the shared columns become one',
      input: [
        frame([['Time', 'time', [1, 2]], ['Job', 'string', ['node', 'api']], ['Uptime', 'number', [100, 200]]]),
        frame([['Time', 'time', [1, 3]], ['Job', 'string', ['node', 'api']], ['Errors', 'number', [5, 7]]]),
      ],
      expected: [
        [
          ['Time', 'time', [1, 2, 3]],
          ['Job', 'string', ['node', 'api', 'api']],
          ['Uptime', 'number', [100, 200, null]],
          ['Errors', 'number', [5, null, 7]],
        ],
      ],
    },
    {
      name: 'time series merge on time',
      input: [series('A', 'A-series', [1, 2], [1, 2]), series('B', 'B-series', [2, 3], [20, 30])],
      expected: [
        [
          ['time', 'time', [1, 2, 3]],
          ['A-series', 'number', [1, 2, null]],
          ['B-series', 'number', [null, 20, 30]],
        ],
      ],
    },
    {
      name: 'one frame: unchanged',
      input: [series('A', 'A-series', [1], [1])],
      expected: [[['time', 'time', [1]], ['A-series', 'number', [1]]]],
    },
    {
      name: 'no shared column: unchanged',
      input: [frame([['a', 'number', [1]]]), frame([['b', 'number', [2]]])],
      expected: [[['a', 'number', [1]]], [['b', 'number', [2]]]],
    },
  ])('$name', ({ input, expected }) => {
    expect(view(mergeTransformer(input, {}))).toEqual(expected);
  });
});

describe('seriesToRows', () => {
  it.each([
    {
      name: 'time, metric and value rows, newest first',
      input: [series('A', 'A-series', [1, 3], [1, 3]), series('B', 'B-series', [2], [20])],
      expected: [
        [
          ['Time', 'time', [3, 2, 1]],
          ['Metric', 'string', ['A-series', 'B-series', 'A-series']],
          ['Value', 'number', [3, 20, 1]],
        ],
      ],
    },
    {
      name: 'the metric is the series display name (labels)',
      input: [series('A', 'Value', [1], [1], { host: 'a' }), series('A', 'Value', [1], [2], { host: 'b' })],
      expected: [
        [
          ['Time', 'time', [1, 1]],
          ['Metric', 'string', ['a', 'b']],
          ['Value', 'number', [1, 2]],
        ],
      ],
    },
    {
      name: 'not time series: unchanged',
      input: [frame([['a', 'number', [1]]]), frame([['b', 'number', [2]]])],
      expected: [[['a', 'number', [1]]], [['b', 'number', [2]]]],
    },
  ])('$name', ({ input, expected }) => {
    expect(view(seriesToRowsTransformer(input, {}))).toEqual(expected);
  });
});

describe('concatenate', () => {
  const named = [frame([['Value', 'number', [1, 2]]], { name: 'cpu' }), frame([['load', 'number', [5]]], { name: 'mem' })];
  it.each([
    {
      name: 'frame names into field names (default)',
      options: {},
      expected: [[['cpu', 'number', [1, 2]], ['mem · load', 'number', [5, null]]]],
    },
    {
      name: 'drop the frame names',
      options: { frameNameMode: 'drop' },
      expected: [[['Value', 'number', [1, 2]], ['load', 'number', [5, null]]]],
    },
  ])('$name', ({ options, expected }) => {
    expect(view(concatenateTransformer(named, options))).toEqual(expected);
  });

  it('frame names as a label', () => {
    const [result] = concatenateTransformer(named, { frameNameMode: 'label', frameNameLabel: 'source' });
    expect(result!.fields.map((field) => field.labels)).toEqual([{ source: 'cpu' }, { source: 'mem' }]);
  });
});
