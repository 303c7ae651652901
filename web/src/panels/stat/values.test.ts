import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { framesFromJson } from '../../lib/data/frames';
import { sparklinePaths, statValues } from './values';

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
