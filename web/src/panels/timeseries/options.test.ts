import { describe, expect, it } from 'vitest';
import { TextWidths } from './options';

/** A canvas context stand-in: widths from the font's size, and a count of font changes. */
function fakeContext() {
  const context = {
    fontChanges: 0,
    measured: 0,
    current: '10px sans-serif',
    get font() {
      return this.current;
    },
    set font(value: string) {
      this.fontChanges++;
      this.current = value;
    },
    measureText(text: string) {
      this.measured++;
      return { width: text.length * Number.parseInt(this.current, 10) } as TextMetrics;
    },
  };
  return context;
}

describe('TextWidths', () => {
  it('measures each label once per font, in that font', () => {
    const widths = new TextWidths();
    const context = fakeContext();
    expect(widths.measure(context, '24px Inter', '100')).toBe(72);
    expect(widths.measure(context, '24px Inter', '100')).toBe(72);
    expect(widths.measure(context, '24px Inter', '50')).toBe(48);
    expect(context.measured).toBe(2);
    expect(context.fontChanges).toBe(1);
    // Another font is measured in that font, not with the cached width.
    expect(widths.measure(context, '12px Inter', '100')).toBe(36);
    expect(context.fontChanges).toBe(2);
  });

  it('starts over rather than grow past its limit', () => {
    const widths = new TextWidths(2);
    const context = fakeContext();
    widths.measure(context, '10px a', 'one');
    widths.measure(context, '10px a', 'two');
    widths.measure(context, '10px a', 'three');
    widths.measure(context, '10px a', 'one');
    expect(context.measured).toBe(4);
    expect(widths.measure(context, '10px a', 'three')).toBe(50);
    expect(context.measured).toBe(4);
  });
});
