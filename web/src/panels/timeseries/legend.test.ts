import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { framesFromJson } from '../../lib/data/frames';
import { legendRows } from './legend';
import { buildTimeSeriesModel } from './model';

const data = {
  frames: [
    framesFromJson({
      schema: {
        name: 'load',
        fields: [
          { name: 'time', type: 'time' },
          { name: 'a', type: 'number' },
          { name: 'b', type: 'number' },
          { name: 'c', type: 'number' },
        ],
      },
      data: { values: [[1, 2, 3, 4], [1, 5, null, 3], [10, 20, 30, 40], [0, 0, 0, 0]] },
    }),
  ],
  errors: [],
};

const panel: PanelModel = {
  type: 'timeseries',
  fieldConfig: {
    defaults: { unit: 'ms', decimals: 1 },
    overrides: [
      { matcher: { id: 'byName', options: 'c' }, properties: [{ id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: false } }] },
      { matcher: { id: 'byName', options: 'b' }, properties: [{ id: 'mappings', value: [{ type: 'value', options: { '40': { text: 'forty' } } }] }] },
    ],
  },
};

describe('legendRows', () => {
  const model = buildTimeSeriesModel(panel, data);

  it('reduces each series with its calcs and formats them through the field display', () => {
    const rows = legendRows(model.series, { calcs: ['min', 'max', 'mean', 'last', 'lastNotNull', 'sum', 'count'] });
    expect(rows.map((row) => row.name)).toEqual(['a', 'b']);
    expect(rows[0]!.calcs.map((calc) => calc.text)).toEqual(['1.0 ms', '5.0 ms', '3.0 ms', '3.0 ms', '3.0 ms', '9.0 ms', '4']);
    expect(rows[1]!.calcs.find((calc) => calc.id === 'last')?.text).toBe('forty');
    expect(rows[0]!.calcs.map((calc) => calc.label)).toEqual(['Min', 'Max', 'Mean', 'Last', 'Last *', 'Total', 'Count']);
  });

  it('sorts by a calc or by name', () => {
    expect(legendRows(model.series, { calcs: ['max'], sortBy: 'Max', sortDesc: true }).map((row) => row.name)).toEqual(['b', 'a']);
    expect(legendRows(model.series, { calcs: ['max'], sortBy: 'Name', sortDesc: true }).map((row) => row.name)).toEqual(['b', 'a']);
  });
});

describe('buildTimeSeriesModel', () => {
  it('joins frames with undefined where a series has no point, keeps nulls as gaps and applies negative-Y', () => {
    const frames = [
      framesFromJson({ schema: { name: 'in', fields: [{ name: 'time', type: 'time' }, { name: 'in', type: 'number' }] }, data: { values: [[1, 2, 3], [1, null, 3]] } }),
      framesFromJson({ schema: { name: 'out', fields: [{ name: 'time', type: 'time' }, { name: 'out', type: 'number' }] }, data: { values: [[2, 4], [5, 6]] } }),
    ];
    const model = buildTimeSeriesModel(
      { type: 'timeseries', fieldConfig: { defaults: {}, overrides: [{ matcher: { id: 'byName', options: 'out' }, properties: [{ id: 'custom.transform', value: 'negative-Y' }, { id: 'custom.axisPlacement', value: 'right' }] }] } },
      { frames, errors: [] },
    );
    expect(model.times).toEqual([1, 2, 3, 4]);
    expect(model.series[0]!.values).toEqual([1, null, 3, undefined]);
    expect(model.series[1]!.values).toEqual([undefined, 5, undefined, 6]);
    expect(model.series[1]!.plotValues).toEqual([undefined, -5, undefined, -6]);
    expect(model.series[1]!.axis.placement).toBe('right');
    expect(model.series.map((entry) => entry.color)).toEqual(['#7EB26D', '#EAB839']);
  });
});
