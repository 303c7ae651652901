import { describe, expect, it } from 'vitest';
import { thresholdColor, withAlpha } from './colors';
import { alignTimeSeries, fieldDisplayName, framesFromJson, panelDataFromResponse, resolveFieldConfig } from './frames';
import { reduce } from './reduce';

const frame = (name: string, times: number[], values: (number | null)[], labels?: Record<string, string>) =>
  framesFromJson({
    schema: {
      name,
      fields: [
        { name: 'time', type: 'time' },
        { name: 'value', type: 'number', labels },
      ],
    },
    data: { values: [times, values] },
  });

describe('frames', () => {
  it('reads results and per-query errors', () => {
    const data = panelDataFromResponse({
      results: {
        A: { frames: [{ schema: { fields: [{ name: 'v', type: 'number' }] }, data: { values: [[1, 2]] } }] },
        B: { error: 'boom', status: 500 },
      },
    });
    expect(data.frames).toHaveLength(1);
    expect(data.frames[0]?.refId).toBe('A');
    expect(data.errors).toEqual([{ refId: 'B', message: 'boom' }]);
  });

  it('joins frames on time', () => {
    const aligned = alignTimeSeries([frame('a', [1, 2, 3], [10, 20, 30]), frame('b', [2, 4], [5, null])]);
    expect(aligned.times).toEqual([1, 2, 3, 4]);
    expect(aligned.series.map((series) => [series.name, series.values])).toEqual([
      ['a', [10, 20, 30, null]],
      ['b', [null, 5, null, null]],
    ]);
  });

  it('names fields like Grafana', () => {
    const labelled = frame('', [1], [1], { job: 'api' });
    expect(fieldDisplayName(labelled.fields[1]!, labelled, 1)).toBe('api');
    const many = frame('', [1], [1], { __name__: 'up', job: 'api', instance: 'a' });
    expect(fieldDisplayName(many.fields[1]!, many, 1)).toBe('up{job="api", instance="a"}');
    const named = frame('A-series', [1], [1]);
    expect(fieldDisplayName(named.fields[1]!, named, 2)).toBe('A-series');
  });

  it('fills panel defaults under the field config and applies overrides', () => {
    const data = frame('cpu', [1], [1]);
    const field = { ...data.fields[1]!, config: { unit: 'percent' } };
    const config = resolveFieldConfig(field, data, 'cpu', {
      defaults: { unit: 'short', decimals: 2, custom: { lineWidth: 1 } },
      overrides: [{ matcher: { id: 'byName', options: 'cpu' }, properties: [{ id: 'custom.lineWidth', value: 3 }] }],
    });
    expect(config.unit).toBe('percent');
    expect(config.decimals).toBe(2);
    expect(config.custom).toEqual({ lineWidth: 3 });
  });
});

describe('reduce', () => {
  const values = [3, null, 1, 4, null];
  it('reduces like Grafana', () => {
    expect(reduce(values, 'lastNotNull')).toBe(4);
    expect(reduce(values, 'last')).toBeNull();
    expect(reduce(values, 'mean')).toBeCloseTo(8 / 3);
    expect(reduce(values, 'max')).toBe(4);
    expect(reduce(values, 'min')).toBe(1);
    expect(reduce(values, 'sum')).toBe(8);
    expect(reduce(values, 'count')).toBe(5);
    expect(reduce([], 'mean')).toBeNull();
  });
});

describe('colors', () => {
  const config = {
    thresholds: {
      mode: 'absolute' as const,
      steps: [
        { value: null, color: 'green' },
        { value: 50, color: 'orange' },
        { value: 80, color: 'red' },
      ],
    },
  };
  it('picks the threshold step of a value', () => {
    expect(thresholdColor(10, config)).toBe('#73BF69');
    expect(thresholdColor(50, config)).toBe('#FF9830');
    expect(thresholdColor(95, config)).toBe('#F2495C');
  });

  it('maps percentage thresholds through min and max', () => {
    const percentage = { ...config, thresholds: { ...config.thresholds, mode: 'percentage' as const }, min: 0, max: 200 };
    expect(thresholdColor(120, percentage)).toBe('#FF9830');
  });

  it('adds alpha to hex colours', () => {
    expect(withAlpha('#fff', 0.5)).toBe('#ffffff80');
    expect(withAlpha('#7EB26D', 0)).toBe('#7EB26D00');
  });
});
