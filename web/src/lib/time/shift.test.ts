import { describe, expect, it } from 'vitest';
import { shiftRange, zoomOutRange } from './shift';

const HOUR = 3_600_000;
const NOW = Date.UTC(2024, 4, 15, 12);

describe('shiftRange', () => {
  it('moves back by half the span', () => {
    expect(shiftRange({ from: NOW - 6 * HOUR, to: NOW }, -1, NOW)).toEqual({ from: NOW - 9 * HOUR, to: NOW - 3 * HOUR });
  });

  it('moves forward by half the span', () => {
    expect(shiftRange({ from: NOW - 12 * HOUR, to: NOW - 6 * HOUR }, 1, NOW)).toEqual({ from: NOW - 9 * HOUR, to: NOW - 3 * HOUR });
  });

  it('stops a forward shift at now, keeping the start', () => {
    expect(shiftRange({ from: NOW - 6 * HOUR, to: NOW - HOUR }, 1, NOW)).toEqual({ from: NOW - 6 * HOUR, to: NOW });
    expect(shiftRange({ from: NOW - 6 * HOUR, to: NOW - 2 * HOUR }, 1, NOW)).toEqual({ from: NOW - 4 * HOUR, to: NOW });
  });

  it('undoes a shift back with a shift forward', () => {
    const start = { from: NOW - 30 * HOUR, to: NOW - 24 * HOUR };
    expect(shiftRange(shiftRange(start, -1, NOW), 1, NOW)).toEqual(start);
  });
});

describe('zoomOutRange', () => {
  it('doubles the span around the centre', () => {
    expect(zoomOutRange({ from: NOW - 6 * HOUR, to: NOW })).toEqual({ from: NOW - 9 * HOUR, to: NOW + 3 * HOUR });
  });

  it('takes another factor', () => {
    expect(zoomOutRange({ from: 0, to: 10 * HOUR }, 3)).toEqual({ from: -10 * HOUR, to: 20 * HOUR });
  });

  it('widens an empty range to 30 seconds', () => {
    expect(zoomOutRange({ from: NOW, to: NOW })).toEqual({ from: NOW - 15_000, to: NOW + 15_000 });
  });
});
