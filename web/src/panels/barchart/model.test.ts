import { describe, expect, it } from 'vitest';
import type { PanelData } from '../../lib/data/frames';
import { barExtents, barModel, barSlot, valueRange } from './model';

const data: PanelData = {
  errors: [],
  frames: [
    {
      fields: [
        { name: 'region', type: 'string', config: {}, values: ['eu', 'us', 'asia'] },
        { name: 'cpu', type: 'number', config: {}, values: [10, 30, null] },
        { name: 'mem', type: 'number', config: { unit: 'percent' }, values: [30, -10, 20] },
      ],
    },
  ],
};

describe('bar chart model', () => {
  it('takes categories from the string field and a series per number field', () => {
    const model = barModel({ type: 'barchart' }, data, 'dark')!;
    expect(model.categories).toEqual(['eu', 'us', 'asia']);
    expect(model.series.map((series) => series.name)).toEqual(['cpu', 'mem']);
    expect(model.series[1]!.values).toEqual([30, -10, 20]);
    expect(model.series[0]!.color).toBe('#7EB26D');
  });

  it('honours xField', () => {
    const model = barModel({ type: 'barchart', options: { xField: 'cpu' } }, data, 'dark')!;
    expect(model.categories).toEqual(['10', '30', '']);
    expect(model.series.map((series) => series.name)).toEqual(['mem']);
  });

  it('groups, stacks and stacks to percent', () => {
    const model = barModel({ type: 'barchart' }, data, 'dark')!;
    const grouped = barExtents(model, 'none');
    expect(grouped.filter((bar) => bar.category === 0).map((bar) => [bar.start, bar.end])).toEqual([
      [0, 10],
      [0, 30],
    ]);
    const stacked = barExtents(model, 'normal');
    expect(stacked.filter((bar) => bar.category === 0).map((bar) => [bar.start, bar.end])).toEqual([
      [0, 10],
      [10, 40],
    ]);
    // Negative values stack down from zero.
    expect(stacked.filter((bar) => bar.category === 1).map((bar) => [bar.start, bar.end])).toEqual([
      [0, 30],
      [0, -10],
    ]);
    const percent = barExtents(model, 'percent');
    expect(percent.filter((bar) => bar.category === 0).map((bar) => [bar.start, bar.end])).toEqual([
      [0, 0.25],
      [0.25, 1],
    ]);
    expect(valueRange(stacked, {})).toEqual({ min: -10, max: 40 });
    expect(valueRange(grouped, { max: 100 })).toEqual({ min: -10, max: 100 });
  });

  it('places bars within their group', () => {
    expect(barSlot(0, 1, false, 0.7, 1)).toEqual({ offset: 0.15000000000000002, size: 0.7 });
    const first = barSlot(0, 2, false, 0.8, 1);
    const second = barSlot(1, 2, false, 0.8, 1);
    expect(first.offset).toBeCloseTo(0.1);
    expect(second.offset).toBeCloseTo(0.5);
    expect(first.size).toBeCloseTo(0.4);
    expect(barSlot(1, 3, true, 0.6)).toEqual(barSlot(0, 3, true, 0.6));
  });
});
