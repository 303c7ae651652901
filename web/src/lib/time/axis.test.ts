import { describe, expect, it } from 'vitest';
import { timeTickFormat } from './axis';

const at = new Date(2024, 2, 5, 9, 7, 3).getTime();
const HOUR = 3_600_000;

describe('timeTickFormat', () => {
  it('shows seconds for sub-minute steps', () => {
    expect(timeTickFormat(15_000, HOUR)(at)).toBe('09:07:03');
  });
  it('shows hours and minutes within a day', () => {
    expect(timeTickFormat(30 * 60_000, 6 * HOUR)(at)).toBe('09:07');
  });
  it('names the day at midnight', () => {
    expect(timeTickFormat(4 * HOUR, 24 * HOUR)(new Date(2024, 2, 5).getTime())).toBe('03/05');
  });
  it('adds the date over several days', () => {
    expect(timeTickFormat(6 * HOUR, 7 * 24 * HOUR)(at)).toBe('03/05 09:07');
    expect(timeTickFormat(24 * HOUR, 30 * 24 * HOUR)(at)).toBe('03/05');
    expect(timeTickFormat(30 * 24 * HOUR, 365 * 24 * HOUR)(at)).toBe('2024-03');
  });
});
