import { describe, expect, it } from 'vitest';
import { convertFieldTypeTransformer } from './convertFieldType';
import { frame, view } from './testing';

const table = frame([
  ['when', 'string', ['2024-05-01T10:00:00Z', null]],
  ['count', 'string', ['12', 'x']],
  ['ok', 'number', [1, 0]],
  ['time', 'time', [Date.UTC(2024, 4, 1, 10, 30), 0]],
]);

describe('convertFieldType', () => {
  it.each([
    { targetField: 'count', destinationType: 'number', expected: ['count', 'number', [12, null]] },
    { targetField: 'when', destinationType: 'time', expected: ['when', 'time', [Date.UTC(2024, 4, 1, 10), null]] },
    { targetField: 'ok', destinationType: 'boolean', expected: ['ok', 'boolean', [true, false]] },
    { targetField: 'ok', destinationType: 'string', expected: ['ok', 'string', ['1', '0']] },
    { targetField: 'time', destinationType: 'string', dateFormat: 'YYYY-MM-DD HH:mm', expected: ['time', 'string', ['2024-05-01 10:30', '1970-01-01 00:00']] },
    { targetField: 'time', destinationType: 'number', expected: ['time', 'number', [Date.UTC(2024, 4, 1, 10, 30), 0]] },
  ])('$targetField to $destinationType', ({ expected, ...conversion }) => {
    const [result] = view(convertFieldTypeTransformer([table], { conversions: [conversion] }));
    expect(result!.find(([name]) => name === expected[0])).toEqual(expected);
  });

  it('leaves the other fields and incomplete conversions alone', () => {
    expect(view(convertFieldTypeTransformer([table], { conversions: [{ targetField: 'count' }] }))).toEqual(view([table]));
  });
});
