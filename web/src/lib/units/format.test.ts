import { describe, expect, it } from 'vitest';
import { decimalsForStep, formatValue, formattedToString, toFixed } from './format';

const show = (value: number, unit?: string, decimals?: number) => formattedToString(formatValue(value, unit, decimals));

describe('toFixed', () => {
  it('chooses decimals like Grafana', () => {
    expect(toFixed(45.6789)).toBe('45.7');
    expect(toFixed(1.23456)).toBe('1.23');
    expect(toFixed(100)).toBe('100');
    expect(toFixed(0.012345)).toBe('0.0123');
    expect(toFixed(0)).toBe('0');
  });

  it('pads to explicit decimals', () => {
    expect(toFixed(1.5, 3)).toBe('1.500');
    expect(toFixed(2, 2)).toBe('2.00');
  });
});

describe('formatValue', () => {
  it('scales short numbers', () => {
    expect(show(999)).toBe('999');
    expect(show(1500)).toBe('1.50 K');
    expect(show(2_500_000, 'short')).toBe('2.50 Mil');
    expect(show(-1200, 'short', 1)).toBe('-1.2 K');
  });

  it('formats percent and percentunit', () => {
    expect(show(42.5, 'percent')).toBe('42.5%');
    expect(show(0.425, 'percentunit')).toBe('42.5%');
  });

  it('steps durations up', () => {
    expect(show(0.25, 's')).toBe('250 ms');
    expect(show(30, 's')).toBe('30 s');
    expect(show(90, 's')).toBe('1.50 min');
    expect(show(7200, 's')).toBe('2 hour');
    expect(show(250, 'ms')).toBe('250 ms');
    expect(show(1500, 'ms')).toBe('1.50 s');
  });

  it('scales bytes by 1024 and decbytes by 1000', () => {
    expect(show(512, 'bytes')).toBe('512 B');
    expect(show(1536, 'bytes')).toBe('1.50 KiB');
    expect(show(3 * 1024 ** 3, 'bytes')).toBe('3 GiB');
    expect(show(1500, 'decbytes')).toBe('1.50 kB');
  });

  it('formats request rates', () => {
    expect(show(12, 'reqps')).toBe('12 req/s');
    expect(show(1500, 'reqps')).toBe('1.50K req/s');
  });

  it('treats unknown units as suffixes', () => {
    expect(show(3, 'widgets')).toBe('3 widgets');
    expect(show(3, 'suffix:/min')).toBe('3/min');
    expect(show(3, 'prefix:~')).toBe('~3');
  });

  it('says when there is no value', () => {
    expect(formatValue(null, 'short').text).toBe('No data');
  });
});

describe('decimalsForStep', () => {
  it('gives the decimals of a tick step', () => {
    expect(decimalsForStep(10)).toBe(0);
    expect(decimalsForStep(0.5)).toBe(1);
    expect(decimalsForStep(0.25)).toBe(2);
    expect(decimalsForStep(0.01)).toBe(2);
  });
});

describe('more units', () => {
  it('uses SI prefixes for data rates and IEC for the bin ids', () => {
    expect(show(1500, 'Bps')).toBe('1.50 kB/s');
    expect(show(1536, 'binBps')).toBe('1.50 KiB/s');
    expect(show(2_000_000, 'bps')).toBe('2 Mb/s');
    expect(show(0.25, 'watt')).toBe('250 mW');
    expect(show(1.5, 'kwatt')).toBe('1.50 kW');
    expect(show(1500, 'kwatt')).toBe('1.50 MW');
  });

  it('writes durations, clocks and booleans', () => {
    expect(show(90_061_000, 'dtdurationms')).toBe('1 day, 1 hour');
    expect(show(3725, 'dtdurations', 3)).toBe('1 hour, 2 minutes, 5 seconds');
    expect(show(3_725_000, 'clockms')).toBe('01:02:05');
    expect(show(90, 'm')).toBe('1.50 hour');
    expect(show(1, 'bool_on_off')).toBe('On');
    expect(show(255, 'hex0x')).toBe('0xFF');
  });
});
