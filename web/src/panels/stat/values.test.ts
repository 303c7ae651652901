import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { framesFromJson } from '../../lib/data/frames';
import { percentChange, percentChangeColor, sparklinePaths, statValues, textParts } from './values';

const data = {
  frames: [
    framesFromJson({
      schema: { name: 'cpu', fields: [{ name: 'time', type: 'time' }, { name: 'cpu', type: 'number' }] },
      data: { values: [[1000, 2000, 3000], [40, 90, null]] },
    }),
  ],
  errors: [],
};

const panel = (calc: string): PanelModel => ({
  type: 'stat',
  options: { reduceOptions: { calcs: [calc] } },
  fieldConfig: {
    defaults: {
      unit: 'percent',
      thresholds: { mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 80, color: 'red' }] },
    },
  },
});

describe('statValues', () => {
  it('writes date-time values in the dashboard\'s time zone', () => {
    const when = Date.UTC(2024, 2, 6, 0, 0);
    const stamped = {
      frames: [framesFromJson({ schema: { fields: [{ name: 'deployed', type: 'number' }] }, data: { values: [[when]] } })],
      errors: [],
    };
    const asDate: PanelModel = { type: 'stat', options: { reduceOptions: { calcs: ['lastNotNull'] } }, fieldConfig: { defaults: { unit: 'dateTimeAsIso' } } };
    const text = (zone: string) => statValues(asDate, stamped, 'dark', zone)[0]?.display.text;
    expect(text('utc')).toContain('2024-03-06 00:00:00');
    expect(text('Asia/Kolkata')).toContain('2024-03-06 05:30:00');
  });

  it('reduces each number field and colours it by thresholds', () => {
    const [last] = statValues(panel('lastNotNull'), data);
    expect(last?.value).toBe(90);
    expect(last?.display).toEqual({ text: '90', suffix: '%' });
    expect(last?.color).toBe('#F2495C');
    expect(last?.sparkline).toEqual([[1000, 40], [2000, 90]]);
    const [mean] = statValues(panel('mean'), data);
    expect(mean?.value).toBe(65);
    expect(mean?.color).toBe('#73BF69');
  });
});

describe('sparklinePaths', () => {
  it('scales points into the box, y up', () => {
    expect(sparklinePaths([[0, 0], [10, 10]], 100, 50)?.line).toBe('M0.0,50.0L100.0,0.0');
    expect(sparklinePaths([[0, 1]], 100, 50)).toBeUndefined();
  });
});

describe('stat text and mappings', () => {
  it('names values in auto mode only when there are several', () => {
    expect(textParts('auto', 1)).toEqual({ name: false, value: true });
    expect(textParts(undefined, 3)).toEqual({ name: true, value: true });
    expect(textParts('name', 1)).toEqual({ name: true, value: false });
    expect(textParts('none', 1)).toEqual({ name: false, value: false });
  });

  it('shows mapped text and colour, and string fields picked by a fields pattern', () => {
    const frames = [
      framesFromJson({
        schema: { name: 'status', fields: [{ name: 'time', type: 'time' }, { name: 'up', type: 'number' }, { name: 'state', type: 'string' }] },
        data: { values: [[1, 2], [1, 0], ['ok', 'degraded']] },
      }),
    ];
    const mapped: PanelModel = {
      type: 'stat',
      fieldConfig: { defaults: { mappings: [{ type: 'value', options: { '0': { text: 'DOWN', color: 'red' } } }, { type: 'regex', options: { pattern: 'deg.*', result: { text: 'Degraded', color: 'orange' } } }] } },
      options: { reduceOptions: { calcs: ['lastNotNull'], fields: '/.*/' } },
    };
    const values = statValues(mapped, { frames, errors: [] });
    expect(values.map((value) => [value.name, value.display.text, value.color])).toEqual([
      ['up', 'DOWN', '#F2495C'],
      ['state', 'Degraded', '#FF9830'],
    ]);
  });
});

describe('percent change', () => {
  it('compares the last number with the first, coloured by direction', () => {
    expect(percentChange([50, null, 75])).toBe(50);
    expect(percentChange([0, 10])).toBeUndefined();
    expect(percentChange([10])).toBeUndefined();
    expect(percentChangeColor(5, 'standard', '#fff')).toBe('#73BF69');
    expect(percentChangeColor(5, 'inverted', '#fff')).toBe('#F2495C');
    expect(percentChangeColor(5, 'same_as_value', '#abcdef')).toBe('#abcdef');
  });
});
