import { describe, expect, it } from 'vitest';
import { fieldDisplayName } from '../data/frames';
import { joinByFieldTransformer } from './join';
import { frame, series, view } from './testing';

const a = series('A', 'A-series', [1, 2, 3], [1, 2, 3]);
const b = series('B', 'B-series', [2, 3, 4], [20, 30, 40]);

describe('joinByField', () => {
  it.each([
    {
      name: 'outer join on time (default)',
      input: [b, a],
      options: {},
      expected: [
        [
          ['time', 'time', [1, 2, 3, 4]],
          ['B-series', 'number', [null, 20, 30, 40]],
          ['A-series', 'number', [1, 2, 3, null]],
        ],
      ],
    },
    {
      name: 'inner join keeps keys every frame has',
      input: [a, b],
      options: { mode: 'inner' },
      expected: [
        [
          ['time', 'time', [2, 3]],
          ['A-series', 'number', [2, 3]],
          ['B-series', 'number', [20, 30]],
        ],
      ],
    },
    {
      name: 'byField joins tables on a named column, in order of appearance',
      input: [
        frame([['host', 'string', ['b', 'a']], ['cpu', 'number', [2, 1]]]),
        frame([['host', 'string', ['a', 'c']], ['mem', 'number', [10, 30]]]),
      ],
      options: { byField: 'host' },
      expected: [
        [
          ['host', 'string', ['b', 'a', 'c']],
          ['cpu', 'number', [2, 1, null]],
          ['mem', 'number', [null, 10, 30]],
        ],
      ],
    },
    {
      name: 'frames without the field pass through',
      input: [a, frame([['x', 'number', [1]]])],
      options: { byField: 'time' },
      expected: [view([a])[0]!, [['x', 'number', [1]]]],
    },
  ])('$name', ({ input, options, expected }) => {
    expect(view(joinByFieldTransformer(input, options))).toEqual(expected);
  });

  it('keeps the display names the fields had in their own frames', () => {
    const first = { ...series('A', 'Value', [1], [1]), name: 'cpu' };
    const second = { ...series('B', 'Value', [1], [2]), name: 'mem' };
    const [joined] = joinByFieldTransformer([first, second], {});
    expect(joined!.fields.slice(1).map((field) => fieldDisplayName(field, joined!, 1))).toEqual(['cpu', 'mem']);
  });
});
