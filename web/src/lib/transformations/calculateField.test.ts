import { describe, expect, it } from 'vitest';
import { calculateFieldTransformer } from './calculateField';
import { frame, series, view } from './testing';

const table = frame([
  ['time', 'time', [1, 2, 3]],
  ['a', 'number', [1, -2, null]],
  ['b', 'number', [10, 20, 30]],
  ['host', 'string', ['x', 'y', 'z']],
]);
const base = view([table])[0]!;

describe('calculateField', () => {
  it.each([
    { name: 'reduce row (default): total of the number fields', options: {}, added: ['Total', 'number', [11, 18, 30]] },
    { name: 'reduce row over included fields with a reducer', options: { mode: 'reduceRow', reduce: { reducer: 'max', include: ['a'] } }, added: ['Max', 'number', [1, -2, null]] },
    { name: 'reduce row: mean', options: { reduce: { reducer: 'mean' } }, added: ['Mean', 'number', [5.5, 9, 30]] },
    { name: 'binary, field and field (old string form)', options: { mode: 'binary', binary: { left: 'b', operator: '/', right: 'a' } }, added: ['b / a', 'number', [10, -10, null]] },
    { name: 'binary, field and number', options: { mode: 'binary', binary: { left: 'b', operator: '*', right: '2' } }, added: ['b * 2', 'number', [20, 40, 60]] },
    {
      name: 'binary, Grafana 10.4 matcher and fixed forms',
      options: { mode: 'binary', binary: { left: { matcher: { id: 'byName', options: 'b' } }, operator: '-', right: { fixed: '5' } } },
      added: ['b - 5', 'number', [5, 15, 25]],
    },
    { name: 'binary power and modulo', options: { mode: 'binary', binary: { left: 'b', operator: '%', right: '7' } }, added: ['b % 7', 'number', [3, 6, 2]] },
    { name: 'unary abs', options: { mode: 'unary', unary: { operator: 'abs', fieldName: 'a' } }, added: ['abs(a)', 'number', [1, 2, null]] },
    { name: 'unary floor with an alias', options: { mode: 'unary', alias: 'Floor', unary: { operator: 'floor', fieldName: 'b' } }, added: ['Floor', 'number', [10, 20, 30]] },
    { name: 'row index', options: { mode: 'index' }, added: ['Row', 'number', [0, 1, 2]] },
  ])('$name', ({ options, added }) => {
    expect(view(calculateFieldTransformer([table], options))).toEqual([[...base, added]]);
  });

  it.each([
    { name: 'an unknown field', options: { mode: 'binary', binary: { left: 'nope', operator: '+', right: 'b' } } },
    { name: 'an unknown operator', options: { mode: 'binary', binary: { left: 'a', operator: '&', right: 'b' } } },
    { name: 'an unknown mode', options: { mode: 'window' } },
  ])('leaves the frame alone on $name', ({ options }) => {
    expect(view(calculateFieldTransformer([table], options))).toEqual([base]);
  });

  it('replaceFields keeps the time fields and the result', () => {
    expect(view(calculateFieldTransformer([table], { mode: 'binary', binary: { left: 'a', operator: '+', right: 'b' }, replaceFields: true, alias: 'sum' }))).toEqual([
      [
        ['time', 'time', [1, 2, 3]],
        ['sum', 'number', [11, 18, null]],
      ],
    ]);
  });

  it('joins time series on time before calculating across them', () => {
    const frames = [series('A', 'A-series', [1, 2], [1, 2]), series('B', 'B-series', [1, 2], [10, 20])];
    expect(view(calculateFieldTransformer(frames, { mode: 'binary', binary: { left: 'B-series', operator: '-', right: 'A-series' }, replaceFields: true }))).toEqual([
      [
        ['time', 'time', [1, 2]],
        ['B-series - A-series', 'number', [9, 18]],
      ],
    ]);
  });
});
