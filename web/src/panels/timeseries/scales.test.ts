import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { framesFromJson } from '../../lib/data/frames';
import { buildTimeSeriesModel, spanShortGaps } from './model';
import { chartData, isPowerOf } from './options';
import { linearRange, PERCENT_SCALE, scaleGroups, scaleOptions } from './scales';

const axis = { softMin: undefined, softMax: undefined, min: undefined, max: undefined, centeredZero: false };

describe('y ranges', () => {
  it('pads the data range, widens to soft limits and obeys hard ones', () => {
    const [low, high] = linearRange(10, 90, axis);
    expect(low).toBeLessThanOrEqual(10);
    expect(high).toBeGreaterThanOrEqual(90);
    expect(linearRange(10, 90, { ...axis, softMin: 0, softMax: 200 })).toEqual([0, 200]);
    expect(linearRange(10, 90, { ...axis, softMax: 50 })[1]).toBeGreaterThanOrEqual(90);
    expect(linearRange(10, 90, { ...axis, min: 20, max: 50 })).toEqual([20, 50]);
    const [negative, positive] = linearRange(-5, 20, { ...axis, centeredZero: true });
    expect(negative).toBe(-positive);
    expect(linearRange(null, null, axis)[0]).toBe(0);
    expect(linearRange(null, null, axis)[1]).toBeGreaterThanOrEqual(1);
  });

  it('labels only whole powers on log axes', () => {
    expect([1, 2, 10, 50, 100, 1000].filter((value) => isPowerOf(value, 10))).toEqual([1, 10, 100, 1000]);
    expect([1, 2, 3, 4, 8].filter((value) => isPowerOf(value, 2))).toEqual([1, 2, 4, 8]);
  });
});

const frames = [
  framesFromJson({
    schema: {
      name: 'net',
      fields: [
        { name: 'time', type: 'time' },
        { name: 'rx', type: 'number' },
        { name: 'tx', type: 'number' },
        { name: 'errors', type: 'number' },
        { name: 'share', type: 'number' },
      ],
    },
    data: { values: [[1, 2], [10, 20], [1, 2], [0.5, 0.1], [3, 1]] },
  }),
];

const panel: PanelModel = {
  type: 'timeseries',
  fieldConfig: {
    defaults: { unit: 'bytes', custom: { stacking: { mode: 'normal', group: 'A' } } },
    overrides: [
      { matcher: { id: 'byName', options: 'errors' }, properties: [{ id: 'unit', value: 'percent' }, { id: 'custom.stacking', value: { mode: 'none' } }] },
      { matcher: { id: 'byName', options: 'share' }, properties: [{ id: 'custom.stacking', value: { mode: 'percent', group: 'B' } }, { id: 'custom.axisPlacement', value: 'hidden' }] },
    ],
  },
};

describe('scale groups and stacking data', () => {
  const model = buildTimeSeriesModel(panel, { frames, errors: [] });

  it('puts each unit on its own axis, the first left, the next right, percent stacks apart', () => {
    const groups = scaleGroups(model.series);
    expect(groups.map((group) => [group.key, group.side, group.members.map((member) => member.name)])).toEqual([
      ['y:bytes', 'left', ['rx', 'tx']],
      ['y:percent', 'right', ['errors']],
      [PERCENT_SCALE, 'hidden', ['share']],
    ]);
  });

  it('stacks the plotted values and bands each stacked series to the one below', () => {
    const { data, bands } = chartData(model, new Set());
    expect(data[1]).toEqual([10, 20]);
    expect(data[2]).toEqual([11, 22]);
    expect(data[3]).toEqual([0.5, 0.1]);
    expect(data[4]).toEqual([1, 1]);
    expect(bands).toEqual([{ series: [2, 1], dir: -1 }]);
    // Hiding the lower series un-stacks the upper one.
    expect(chartData(model, new Set([0])).data[2]).toEqual([1, 2]);
  });
});

describe('spanShortGaps', () => {
  it('joins only gaps shorter than the threshold', () => {
    const times = [0, 10, 20, 30, 100, 110, 500];
    const values = [1, null, 3, null, null, 6, 7];
    expect(spanShortGaps(times, values, 50)).toEqual([1, undefined, 3, null, null, 6, 7]);
    expect(spanShortGaps(times, values, 1000)).toEqual([1, undefined, 3, undefined, undefined, 6, 7]);
  });
});

describe('fillBelowTo', () => {
  it('bands the series down to the named one', () => {
    const model = buildTimeSeriesModel(
      {
        type: 'timeseries',
        fieldConfig: { defaults: {}, overrides: [{ matcher: { id: 'byName', options: 'tx' }, properties: [{ id: 'custom.fillBelowTo', value: 'rx' }, { id: 'custom.fillOpacity', value: 20 }] }] },
      },
      { frames, errors: [] },
    );
    expect(chartData(model, new Set()).bands).toEqual([{ series: [2, 1], dir: -1 }]);
  });
});

describe('scale distributions', () => {
  const group = (type: 'linear' | 'log' | 'symlog', log = 10) => ({
    key: 'y',
    members: [],
    side: 'left' as const,
    axis: { placement: 'auto' as const, label: '', distribution: { type, log, linearThreshold: 5 }, centeredZero: false, colorMode: 'text' as const, gridShow: true },
  });

  it('uses uPlot log scales by base and asinh for symlog', () => {
    expect(scaleOptions(group('log', 2))).toMatchObject({ distr: 3, log: 2 });
    expect(scaleOptions(group('symlog'))).toMatchObject({ distr: 4, asinh: 5 });
    expect(scaleOptions(group('linear')).distr).toBeUndefined();
  });
});
