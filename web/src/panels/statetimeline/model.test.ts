import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import type { Frame } from '../../lib/data/frames';
import { legendItems, stateRows, stateSpans } from './model';

describe('state spans', () => {
  it('merges runs of equal values and ends the last at the range end', () => {
    expect(stateSpans([0, 10, 20, 30], ['up', 'up', 'down', 'up'], 100)).toEqual([
      { start: 0, end: 20, index: 0 },
      { start: 20, end: 30, index: 2 },
      { start: 30, end: 100, index: 3 },
    ]);
  });

  it('keeps every value apart without merging', () => {
    expect(stateSpans([0, 10, 20], [1, 1, 2], 30, false)).toEqual([
      { start: 0, end: 10, index: 0 },
      { start: 10, end: 20, index: 1 },
      { start: 20, end: 30, index: 2 },
    ]);
  });

  it('leaves gaps for nulls', () => {
    expect(stateSpans([0, 10, 20, 30], [1, null, null, 1], 40)).toEqual([
      { start: 0, end: 10, index: 0 },
      { start: 30, end: 40, index: 3 },
    ]);
    expect(stateSpans([], [], 10)).toEqual([]);
  });
});

const frame: Frame = {
  fields: [
    { name: 'time', type: 'time', config: {}, values: [2000, 0, 1000, 3000] },
    { name: 'status', type: 'string', config: {}, values: ['down', 'up', 'up', 'up'] },
    { name: 'load', type: 'number', config: {}, values: [90, 10, 50, 50] },
  ],
};

describe('state rows', () => {
  it('sorts by time and colours states by value mappings and thresholds', () => {
    const panel: PanelModel = {
      type: 'state-timeline',
      fieldConfig: {
        defaults: { thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 80, color: 'red' }] } },
        overrides: [{ matcher: { id: 'byName', options: 'status' }, properties: [{ id: 'mappings', value: [{ type: 'value', options: { up: { text: 'UP', color: 'blue' }, down: { text: 'DOWN', color: 'dark-red' } } }] }] }],
      },
    };
    const rows = stateRows(panel, [frame], 'dark', 5000);
    expect(rows.map((row) => row.name)).toEqual(['status', 'load']);
    expect(rows[0]!.segments.map((segment) => [segment.start, segment.end, segment.text, segment.color])).toEqual([
      [0, 2000, 'UP', '#5794F2'],
      [2000, 3000, 'DOWN', '#C4162A'],
      [3000, 5000, 'UP', '#5794F2'],
    ]);
    expect(rows[1]!.segments.map((segment) => [segment.start, segment.end, segment.text, segment.color])).toEqual([
      [0, 1000, '10', '#73BF69'],
      [1000, 2000, '50', '#73BF69'],
      [2000, 3000, '90', '#F2495C'],
      [3000, 5000, '50', '#73BF69'],
    ]);
    expect(legendItems(rows, 'dark')).toEqual([
      { text: 'UP', color: '#5794F2' },
      { text: 'DOWN', color: '#C4162A' },
      { text: '< 80', color: '#73BF69' },
      { text: '80+', color: '#F2495C' },
    ]);
  });

  it('gives unmapped text states palette colours of their own', () => {
    const rows = stateRows({ type: 'state-timeline' }, [frame], 'dark', 5000);
    const [up, down] = rows[0]!.segments;
    expect(up!.color).not.toBe(down!.color);
    expect(rows[0]!.segments[2]!.color).toBe(up!.color);
  });
});
