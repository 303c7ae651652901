import { describe, expect, it } from 'vitest';
import { fillShare, gradientStops, lcdCellCount, lcdCells } from './bars';

const config = { thresholds: { mode: 'absolute' as const, steps: [{ value: null, color: 'green' }, { value: 50, color: 'orange' }, { value: 80, color: 'red' }] } };
const range = { min: 0, max: 100, delta: 100 };

describe('bar gauge', () => {
  it('fills the share of the range, clamped', () => {
    expect(fillShare(25, range)).toBe(0.25);
    expect(fillShare(-5, range)).toBe(0);
    expect(fillShare(500, range)).toBe(1);
    expect(fillShare(NaN, range)).toBe(0);
  });

  it('puts threshold colours at their positions in the gradient', () => {
    expect(gradientStops(config, range, 'dark', '#fff')).toEqual(['#73BF69 0%', '#FF9830 50.0%', '#F2495C 80.0%']);
    expect(gradientStops({ color: { mode: 'continuous-GrYlRd' } }, range, 'dark', '#fff')).toEqual(['#73BF69 0.0%', '#FADE2A 50.0%', '#F2495C 100.0%']);
    expect(gradientStops({ color: { mode: 'fixed', fixedColor: 'blue' } }, range, 'dark', '#5794F2')).toEqual(['#5794F2 0%', '#5794F2 100%']);
  });

  it('lights LCD cells up to the value, each in its own threshold colour', () => {
    expect(lcdCellCount(160, 12)).toBe(10);
    const cells = lcdCells(10, 65, config, range, 'dark');
    expect(cells.filter((cell) => cell.lit)).toHaveLength(7);
    expect(cells[0]!.color).toBe('#73BF69');
    expect(cells[5]!.color).toBe('#FF9830');
    expect(cells[9]!.color).toBe('#F2495C');
    expect(lcdCells(4, NaN, config, range, 'dark').some((cell) => cell.lit)).toBe(false);
  });
});
