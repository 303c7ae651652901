import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import type { PanelData } from '../../lib/data/frames';
import { arcPath, labelPoint, percentText, pieSlices, sliceAngles } from './model';

const data: PanelData = {
  errors: [],
  frames: [
    {
      fields: [
        { name: 'time', type: 'time', config: {}, values: [1, 2, 3] },
        { name: 'GET', type: 'number', config: {}, values: [10, 20, 30] },
        { name: 'POST', type: 'number', config: {}, values: [5, 5, 10] },
        { name: 'DELETE', type: 'number', config: {}, values: [null, null, null] },
      ],
    },
  ],
};

function panel(options: Record<string, unknown>, fieldConfig: PanelModel['fieldConfig'] = {}): PanelModel {
  return { type: 'piechart', options, fieldConfig };
}

describe('pie slices', () => {
  it('reduces each number field to a slice in palette colours', () => {
    const slices = pieSlices(panel({ reduceOptions: { calcs: ['sum'] } }), data, 'dark');
    expect(slices.map((slice) => [slice.name, slice.value])).toEqual([
      ['GET', 60],
      ['POST', 20],
    ]);
    expect(slices[0]!.color).toBe('#7EB26D');
    expect(slices[1]!.color).toBe('#EAB839');
  });

  it('uses the last value by default and formats by unit', () => {
    const slices = pieSlices(panel({}, { defaults: { unit: 'percent' } }), data, 'dark');
    expect(slices[0]!.value).toBe(30);
    expect(slices[0]!.display.suffix).toBe('%');
  });

  it('filters fields and makes a slice per row when asked', () => {
    expect(pieSlices(panel({ reduceOptions: { fields: '/^POST$/' } }), data, 'dark').map((slice) => slice.name)).toEqual(['POST']);
    const rows: PanelData = {
      errors: [],
      frames: [
        {
          fields: [
            { name: 'city', type: 'string', config: {}, values: ['Oslo', 'Lima'] },
            { name: 'people', type: 'number', config: {}, values: [700, 10_000] },
          ],
        },
      ],
    };
    const slices = pieSlices(panel({ reduceOptions: { values: true } }), rows, 'dark');
    expect(slices.map((slice) => [slice.name, slice.value])).toEqual([
      ['Oslo', 700],
      ['Lima', 10_000],
    ]);
    expect(slices[0]!.color).not.toBe(slices[1]!.color);
  });
});

describe('pie geometry', () => {
  it('splits the circle by share, clockwise from the top', () => {
    const angles = sliceAngles([1, 1, 2]);
    expect(angles.map((angle) => angle.percent)).toEqual([0.25, 0.25, 0.5]);
    expect(angles[0]).toMatchObject({ start: 0, end: Math.PI / 2 });
    expect(angles[2]!.end).toBeCloseTo(Math.PI * 2);
    expect(sliceAngles([0, 0]).every((angle) => angle.end === 0)).toBe(true);
  });

  it('draws slices, donut segments and full circles', () => {
    expect(arcPath(50, 50, 40, 0, 0, Math.PI / 2)).toBe('M50.00,50.00L50.00,10.00A40.00,40.00 0 0 1 90.00,50.00Z');
    expect(arcPath(50, 50, 40, 20, 0, Math.PI / 2)).toBe('M50.00,10.00A40.00,40.00 0 0 1 90.00,50.00L70.00,50.00A20.00,20.00 0 0 0 50.00,30.00Z');
    expect(arcPath(50, 50, 40, 0, 0, Math.PI * 1.5)).toContain(' 0 1 1 ');
    expect(arcPath(50, 50, 40, 0, 0, Math.PI * 2).match(/A/g)).toHaveLength(2);
    const [x, y] = labelPoint(50, 50, 10, { start: 0, end: Math.PI, percent: 0.5 });
    expect([x, y]).toEqual([60, 50]);
  });

  it('writes percentages like Grafana', () => {
    expect(percentText(0.5)).toBe('50%');
    expect(percentText(0.0512)).toBe('5.1%');
    expect(percentText(0.00123)).toBe('0.12%');
  });
});
