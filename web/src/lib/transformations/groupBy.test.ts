import { describe, expect, it } from 'vitest';
import { groupByTransformer } from './groupBy';
import { frame, view } from './testing';

const table = frame([
  ['time', 'time', [1, 2, 3, 4]],
  ['host', 'string', ['a', 'b', 'a', 'b']],
  ['dc', 'string', ['eu', 'eu', 'eu', 'us']],
  ['cpu', 'number', [1, 2, 3, 4]],
]);

describe('groupBy', () => {
  it.each([
    {
      name: 'one key, two calculations',
      options: { fields: { host: { operation: 'groupby' }, cpu: { operation: 'aggregate', aggregations: ['sum', 'max'] } } },
      expected: [
        [
          ['host', 'string', ['a', 'b']],
          ['cpu (Total)', 'number', [4, 6]],
          ['cpu (Max)', 'number', [3, 4]],
        ],
      ],
    },
    {
      name: 'two keys; last of a time field keeps its type',
      options: { fields: { host: { operation: 'groupby' }, dc: { operation: 'groupby' }, time: { operation: 'aggregate', aggregations: ['last'] } } },
      expected: [
        [
          ['host', 'string', ['a', 'b', 'b']],
          ['dc', 'string', ['eu', 'eu', 'us']],
          ['time (Last)', 'time', [3, 2, 4]],
        ],
      ],
    },
    {
      name: 'no group-by field: unchanged',
      options: { fields: { cpu: { operation: 'aggregate', aggregations: ['sum'] } } },
      expected: view([table]),
    },
  ])('$name', ({ options, expected }) => {
    expect(view(groupByTransformer([table], options))).toEqual(expected);
  });
});
