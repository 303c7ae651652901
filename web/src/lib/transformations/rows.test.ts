import { describe, expect, it } from 'vitest';
import { filterByValueTransformer, limitTransformer, sortByTransformer } from './rows';
import { frame, view } from './testing';

const table = frame([
  ['host', 'string', ['b', 'a', 'c', 'd']],
  ['cpu', 'number', [20, 5, null, 80]],
]);

describe('sortBy', () => {
  it.each([
    { name: 'ascending by a number field, nulls last', options: { sort: [{ field: 'cpu' }] }, expected: [['a', 'b', 'd', 'c'], [5, 20, 80, null]] },
    { name: 'descending', options: { sort: [{ field: 'cpu', desc: true }] }, expected: [['d', 'b', 'a', 'c'], [80, 20, 5, null]] },
    { name: 'by text', options: { sort: [{ field: 'host' }] }, expected: [['a', 'b', 'c', 'd'], [5, 20, null, 80]] },
    { name: 'an unknown field: unchanged', options: { sort: [{ field: 'nope' }] }, expected: [['b', 'a', 'c', 'd'], [20, 5, null, 80]] },
  ])('$name', ({ options, expected }) => {
    const [result] = sortByTransformer([table], options);
    expect(result!.fields.map((field) => field.values)).toEqual(expected);
    expect(result!.fields.map((field) => field.type)).toEqual(['string', 'number']);
  });
});

describe('limit', () => {
  it.each([
    { limitField: 2, expected: [['b', 'a'], [20, 5]] },
    { limitField: 0, expected: [[], []] },
    { limitField: 10, expected: [['b', 'a', 'c', 'd'], [20, 5, null, 80]] },
  ])('limit $limitField', ({ limitField, expected }) => {
    expect(limitTransformer([table], { limitField })[0]!.fields.map((field) => field.values)).toEqual(expected);
  });

  it('defaults to 10 rows', () => {
    const long = frame([['n', 'number', Array.from({ length: 15 }, (_, index) => index)]]);
    expect(view(limitTransformer([long], {}))[0]![0]![2]).toHaveLength(10);
  });
});

describe('filterByValue', () => {
  const filter = (fieldName: string, id: string, options: Record<string, unknown> = {}) => ({ fieldName, config: { id, options } });
  it.each([
    { name: 'include greater', options: { type: 'include', filters: [filter('cpu', 'greater', { value: 10 })] }, hosts: ['b', 'd'] },
    { name: 'exclude greater', options: { type: 'exclude', filters: [filter('cpu', 'greater', { value: 10 })] }, hosts: ['a', 'c'] },
    { name: 'lower or equal', options: { type: 'include', filters: [filter('cpu', 'lowerOrEqual', { value: 20 })] }, hosts: ['b', 'a'] },
    { name: 'equal text', options: { type: 'include', filters: [filter('host', 'equal', { value: 'c' })] }, hosts: ['c'] },
    { name: 'is null', options: { type: 'include', filters: [filter('cpu', 'isNull')] }, hosts: ['c'] },
    { name: 'is not null', options: { type: 'include', filters: [filter('cpu', 'isNotNull')] }, hosts: ['b', 'a', 'd'] },
    { name: 'range', options: { type: 'include', filters: [filter('cpu', 'range', { from: 5, to: 20 })] }, hosts: ['b', 'a'] },
    { name: 'regex', options: { type: 'include', filters: [filter('host', 'regex', { value: '^[ab]$' })] }, hosts: ['b', 'a'] },
    {
      name: 'match any of several',
      options: { type: 'include', match: 'any', filters: [filter('host', 'equal', { value: 'a' }), filter('cpu', 'greater', { value: 50 })] },
      hosts: ['a', 'd'],
    },
    {
      name: 'match all of several',
      options: { type: 'include', match: 'all', filters: [filter('host', 'regex', { value: '[a-c]' }), filter('cpu', 'greater', { value: 10 })] },
      hosts: ['b'],
    },
  ])('$name', ({ options, hosts }) => {
    expect(filterByValueTransformer([table], options)[0]!.fields[0]!.values).toEqual(hosts);
  });
});
