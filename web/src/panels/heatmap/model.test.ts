import { describe, expect, it } from 'vitest';
import type { Frame } from '../../lib/data/frames';
import { parseColor } from '../../lib/fieldconfig';
import { bucketIndex, colorPosition, countColor, heatmapFromBuckets, heatmapFromSeries, heatmapPalette, yBucketEdges } from './model';
import { clampLabel, numberTickLabels, numberTicks, timeTicks } from './axes';

const bucketFrame: Frame = {
  name: 'data',
  fields: [
    { name: 'time', type: 'time', config: {}, values: [1000, 2000, 3000] },
    { name: '4', type: 'number', config: {}, values: [7, 8, 9] },
    { name: '1', type: 'number', config: {}, values: [1, 2, 3] },
    { name: '2', type: 'number', config: {}, values: [4, 5, 6] },
  ],
};

describe('heatmap from bucket frames', () => {
  it('makes a column per time and a row per bucket, ordered by bound', () => {
    const model = heatmapFromBuckets([bucketFrame])!;
    expect(model.xs).toEqual([1000, 2000, 3000]);
    expect(model.xSize).toBe(1000);
    expect(model.yLabels).toEqual(['1', '2', '4']);
    expect(model.yBounds).toEqual([[0, 1], [1, 2], [2, 4]]);
    expect(model.counts[0]).toEqual([1, 4, 7]);
    expect(model.counts[2]).toEqual([3, 6, 9]);
    expect([model.min, model.max]).toEqual([1, 9]);
  });

  it('reads bounds from le labels and puts +Inf last', () => {
    const frames: Frame[] = ['+Inf', '0.5', '0.1'].map((le, index) => ({
      fields: [
        { name: 'Time', type: 'time', config: {}, values: [0, 60_000] },
        { name: 'Value', type: 'number', config: {}, labels: { le }, values: [index, index] },
      ],
    }));
    expect(heatmapFromBuckets(frames)!.yLabels).toEqual(['0.1', '0.5', '+Inf']);
  });

  it('has nothing to draw without time or numbers', () => {
    expect(heatmapFromBuckets([{ fields: [{ name: 'a', type: 'string', config: {}, values: ['x'] }] }])).toBeUndefined();
  });
});

describe('heatmap calculated from series', () => {
  it('finds the bucket of a value', () => {
    const edges = [0, 10, 20, 30];
    expect(bucketIndex(edges, 0)).toBe(0);
    expect(bucketIndex(edges, 9.99)).toBe(0);
    expect(bucketIndex(edges, 10)).toBe(1);
    expect(bucketIndex(edges, 30)).toBe(2);
    expect(bucketIndex(edges, 31)).toBe(-1);
  });

  it('makes linear and log bucket edges', () => {
    expect(yBucketEdges(0, 100, { mode: 'count', value: '4' })).toEqual([0, 25, 50, 75, 100]);
    expect(yBucketEdges(3, 97)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(yBucketEdges(3, 27, { mode: 'size', value: '10' })).toEqual([0, 10, 20, 30]);
    expect(yBucketEdges(3, 100, { scale: { type: 'log', log: 10 } })).toEqual([1, 10, 100]);
    expect(yBucketEdges(5, 5)).toEqual([4.5, 5.5]);
  });

  it('counts every value into its time and value bucket', () => {
    const frames: Frame[] = [
      {
        fields: [
          { name: 'time', type: 'time', config: {}, values: [0, 1000, 2000, 3000] },
          { name: 'a', type: 'number', config: {}, values: [1, 5, 9, null] },
          { name: 'b', type: 'number', config: {}, values: [1, 1, 9, 9] },
        ],
      },
    ];
    const model = heatmapFromSeries(frames, { xBuckets: { mode: 'size', value: '2s' }, yBuckets: { mode: 'size', value: '5' } })!;
    expect(model.xs).toEqual([0, 2000]);
    expect(model.yBounds).toEqual([[0, 5], [5, 10]]);
    // 0–2 s: 1, 5, 1, 1 → three below 5, one in 5–10; 2–4 s: 9, 9, 9.
    expect(model.counts).toEqual([[3, 1], [0, 3]]);
    expect(model.max).toBe(3);
  });
});

describe('heatmap colours', () => {
  it('quantises a scheme into steps, reversed as Grafana reverses it per theme', () => {
    const dark = heatmapPalette({ scheme: 'Oranges', steps: 5 }, 'dark');
    const light = heatmapPalette({ scheme: 'Oranges', steps: 5 }, 'light');
    expect(dark).toHaveLength(5);
    expect(dark[0]).toBe('#7f2704');
    expect(light[0]).toBe('#fff5eb');
    expect(heatmapPalette({ scheme: 'Viridis', steps: 2 }, 'dark')).toEqual(['#440154', '#fde725']);
    expect(heatmapPalette({ scheme: 'Viridis', steps: 2 }, 'light')).toEqual(['#fde725', '#440154']);
    expect(heatmapPalette({ scheme: 'Viridis', steps: 2, reverse: true }, 'dark')).toEqual(['#fde725', '#440154']);
    // Diverging schemes always run reversed; unknown names fall back to Spectral.
    expect(heatmapPalette({ scheme: 'RdYlGn', steps: 2 }, 'dark')).toEqual(['#006837', '#a50026']);
    expect(heatmapPalette({ scheme: 'Nope', steps: 2 }, 'light')).toEqual(['#5e4fa2', '#9e0142']);
  });

  it('fades one colour in opacity mode', () => {
    const palette = heatmapPalette({ mode: 'opacity', fill: 'red', steps: 4 }, 'dark');
    expect(parseColor(palette[3]!)).toEqual([242, 73, 92, 1]);
    const faded = parseColor(palette[1]!)!;
    expect(faded.slice(0, 3)).toEqual([242, 73, 92]);
    expect(faded[3]).toBeCloseTo(1 / 3, 2);
    expect(parseColor(palette[0]!)![3]).toBe(0);
  });

  it('places counts on a linear or exponential scale', () => {
    expect(colorPosition(25, 0, 100, { scale: 'linear' })).toBe(0.25);
    expect(colorPosition(25, 0, 100, {})).toBe(0.25);
    expect(colorPosition(25, 0, 100, { mode: 'opacity' })).toBe(0.5);
    expect(colorPosition(25, 0, 100, { mode: 'opacity', scale: 'linear' })).toBe(0.25);
    expect(colorPosition(50, 0, 100, { min: 50, scale: 'linear' })).toBe(0);
    expect(colorPosition(3, 3, 3, {})).toBe(1);
    expect(countColor(['a', 'b', 'c'], 0.5)).toBe('b');
  });
});

describe('axes', () => {
  it('keeps a label at the edge whole inside the canvas', () => {
    expect(clampLabel(400, 15, 400)).toBe(385);
    expect(clampLabel(0, 15, 400)).toBe(15);
    expect(clampLabel(200, 15, 400)).toBe(200);
    // Wider than the canvas: starts at its left edge.
    expect(clampLabel(5, 300, 400)).toBe(300);
  });

  it('puts time ticks on whole steps', () => {
    const { ticks, step } = timeTicks(Date.UTC(2024, 0, 1, 10, 7), Date.UTC(2024, 0, 1, 16, 7), 6, 'utc');
    expect(step).toBe(3_600_000);
    expect(ticks[0]).toBe(Date.UTC(2024, 0, 1, 11));
    expect(ticks).toHaveLength(6);
  });

  it('puts time ticks on the whole hours of a half-hour zone', () => {
    // Kolkata is UTC+05:30: its whole hours are at :30 UTC.
    const { ticks } = timeTicks(Date.UTC(2024, 0, 1, 10, 7), Date.UTC(2024, 0, 1, 16, 7), 6, 'Asia/Kolkata');
    expect(ticks[0]).toBe(Date.UTC(2024, 0, 1, 10, 30));
    expect(ticks.map((tick) => new Date(tick).getUTCMinutes())).toEqual([30, 30, 30, 30, 30, 30]);
  });

  it('picks round number ticks', () => {
    expect(numberTicks(0, 97, 5).ticks).toEqual([0, 20, 40, 60, 80]);
    expect(numberTicks(0, 1, 4)).toMatchObject({ ticks: [0, 0.25, 0.5, 0.75, 1], decimals: 2 });
  });

  it('labels number ticks with just enough decimals', () => {
    expect(numberTickLabels([0, 500, 1000, 1500, 2000], 'short')).toEqual(['0', '500', '1 K', '1.5 K', '2 K']);
    expect(numberTickLabels([0, 0.25, 0.5], 'percentunit')).toEqual(['0%', '25%', '50%']);
    expect(numberTickLabels([10, 20], 'ms')).toEqual(['10 ms', '20 ms']);
  });
});
