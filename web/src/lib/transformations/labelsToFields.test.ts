import { describe, expect, it } from 'vitest';
import { labelsToFieldsTransformer } from './labelsToFields';
import { frame, series, view } from './testing';

const labelled = [series('A', 'Value', [1, 2], [1, 2], { host: 'a', dc: 'eu' }), series('A', 'Value', [1, 2], [3, 4], { host: 'b', dc: 'us' })];

describe('labelsToFields', () => {
  it.each([
    {
      name: 'columns: a string column per label, the labels leave the value',
      options: {},
      expected: [
        [
          ['time', 'time', [1, 2]],
          ['Value', 'number', [1, 2]],
          ['host', 'string', ['a', 'a']],
          ['dc', 'string', ['eu', 'eu']],
        ],
        [
          ['time', 'time', [1, 2]],
          ['Value', 'number', [3, 4]],
          ['host', 'string', ['b', 'b']],
          ['dc', 'string', ['us', 'us']],
        ],
      ],
    },
    {
      name: 'valueLabel names the value field after that label',
      options: { valueLabel: 'host' },
      expected: [
        [
          ['time', 'time', [1, 2]],
          ['a', 'number', [1, 2]],
          ['dc', 'string', ['eu', 'eu']],
        ],
        [
          ['time', 'time', [1, 2]],
          ['b', 'number', [3, 4]],
          ['dc', 'string', ['us', 'us']],
        ],
      ],
    },
    {
      name: 'keepLabels limits the columns',
      options: { keepLabels: ['dc'] },
      expected: [
        [
          ['time', 'time', [1, 2]],
          ['Value', 'number', [1, 2]],
          ['dc', 'string', ['eu', 'eu']],
        ],
        [
          ['time', 'time', [1, 2]],
          ['Value', 'number', [3, 4]],
          ['dc', 'string', ['us', 'us']],
        ],
      ],
    },
    {
      name: 'rows: a label/value frame per labelled field',
      options: { mode: 'rows' },
      expected: [
        [
          ['label', 'string', ['host', 'dc']],
          ['value', 'string', ['a', 'eu']],
        ],
        [
          ['label', 'string', ['host', 'dc']],
          ['value', 'string', ['b', 'us']],
        ],
      ],
    },
    {
      name: 'rows with keepLabels',
      options: { mode: 'rows', keepLabels: ['dc'] },
      expected: [[['label', 'string', ['dc']], ['value', 'string', ['eu']]], [['label', 'string', ['dc']], ['value', 'string', ['us']]]],
    },
  ])('$name', ({ options, expected }) => {
    expect(view(labelsToFieldsTransformer(labelled, options))).toEqual(expected);
  });

  it('names the rows frames after the series and leaves unlabelled frames alone', () => {
    expect(labelsToFieldsTransformer(labelled, { mode: 'rows' }).map((each) => each.name)).toEqual(['{host="a", dc="eu"}', '{host="b", dc="us"}']);
    const plain = frame([['x', 'number', [1]]]);
    expect(labelsToFieldsTransformer([plain], {})).toEqual([plain]);
  });

  it('clears display names that came from the labels', () => {
    const named = series('A', 'Value', [1], [1], { host: 'a' });
    named.fields[1]!.config = { displayNameFromDS: 'a', unit: 'short' };
    const [result] = labelsToFieldsTransformer([named], {});
    expect(result!.fields[1]!.config).toEqual({ unit: 'short' });
    expect(result!.fields[1]!.labels).toBeUndefined();
  });
});
