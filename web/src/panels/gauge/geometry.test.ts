import { describe, expect, it } from 'vitest';
import { arcPath, gaugeAngle, gaugeLayout, polar, thresholdSegments } from './geometry';

describe('gauge geometry', () => {
  it('maps percentages onto the 240° arc, clamped', () => {
    expect(gaugeAngle(0)).toBe(-120);
    expect(gaugeAngle(0.5)).toBe(0);
    expect(gaugeAngle(1)).toBe(120);
    expect(gaugeAngle(2)).toBe(120);
    expect(gaugeAngle(NaN)).toBe(-120);
    const [x, y] = polar(100, 100, 50, 0);
    expect([x, y]).toEqual([100, 50]);
    const [rx, ry] = polar(100, 100, 50, 90);
    expect([Math.round(rx), Math.round(ry)]).toEqual([150, 100]);
  });

  it('draws arcs with the large-arc flag past 180°', () => {
    expect(arcPath(0, 0, 10, -120, 120)).toContain(' 0 1 1 ');
    expect(arcPath(0, 0, 10, -90, 0)).toContain(' 0 0 1 ');
    expect(arcPath(0, 0, 10, 0, 0)).toBe('');
  });

  it('splits the arc at thresholds, absolute and percentage, cut to the range', () => {
    const absolute = { thresholds: { mode: 'absolute' as const, steps: [{ value: null, color: 'green' }, { value: 50, color: 'orange' }, { value: 150, color: 'red' }] } };
    expect(thresholdSegments(absolute, { min: 0, max: 100, delta: 100 })).toEqual([
      { from: 0, to: 0.5, color: '#73BF69', value: undefined },
      { from: 0.5, to: 1, color: '#FF9830', value: 50 },
    ]);
    const percentage = { thresholds: { mode: 'percentage' as const, steps: [{ value: null, color: 'green' }, { value: 75, color: 'red' }] } };
    expect(thresholdSegments(percentage, { min: 200, max: 400, delta: 200 }).map((segment) => [segment.from, segment.to, segment.value])).toEqual([
      [0, 0.75, undefined],
      [0.75, 1, 350],
    ]);
  });

  it('fits the gauge in its cell with room for title and labels', () => {
    const plain = gaugeLayout(300, 200, { title: false, markers: true, labels: false, valueText: '42' });
    expect(plain.cx).toBe(150);
    const outer = plain.markerRadius + plain.markerThickness / 2;
    expect(plain.cy - outer).toBeGreaterThanOrEqual(0);
    expect(plain.cy + outer * 0.5).toBeLessThanOrEqual(200);
    const labelled = gaugeLayout(300, 200, { title: true, markers: true, labels: true, valueText: '42' });
    expect(labelled.radius).toBeLessThan(plain.radius);
    expect(labelled.cy - labelled.labelRadius).toBeGreaterThan(labelled.titleY);
  });
});
