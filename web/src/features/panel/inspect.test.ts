import { describe, expect, it } from 'vitest';
import type { Frame } from '../../lib/data/frames';
import { cellText, csvFileName, frameLabel, frameRows, frameToCsv, inspectTab, joinByTime, numberFormats, queryStats } from './inspect';

const frame: Frame = {
  refId: 'A',
  fields: [
    { name: 'time', type: 'time', values: [Date.UTC(2024, 0, 2, 3, 4, 5), Date.UTC(2024, 0, 2, 3, 5, 5)], config: {} },
    { name: 'cpu', type: 'number', values: [0.5, null], config: {} },
    { name: 'note', type: 'string', values: ['plain', 'has "quotes", and a comma'], config: {} },
  ],
};

describe('inspect data', () => {
  it('writes RFC 4180 CSV with display names and raw values', () => {
    const csv = frameToCsv(frame, { formatted: false });
    expect(csv).toBe(['time,cpu,note', `${Date.UTC(2024, 0, 2, 3, 4, 5)},0.5,plain`, `${Date.UTC(2024, 0, 2, 3, 5, 5)},,"has ""quotes"", and a comma"`, ''].join('\r\n'));
  });

  it('formats times as local date-times when asked', () => {
    const [first] = frameRows(frame, true);
    expect(first![0]).toMatch(/^2024-01-0[12] \d\d:\d\d:05$/);
    expect(first![1]).toBe('0.5');
  });

  it('formats times in the dashboard time zone', () => {
    expect(cellText(Date.UTC(2024, 0, 2, 3, 4, 5), 'time', true, undefined, 'utc')).toBe('2024-01-02 03:04:05');
    expect(frameToCsv(frame, { formatted: true, zone: 'utc' }).split('\r\n')[1]).toBe('2024-01-02 03:04:05,0.5,plain');
  });

  it('quotes cells with line breaks and keeps objects as JSON', () => {
    const text = frameToCsv({ fields: [{ name: 'labels', type: 'other', values: [{ a: 'b' }, 'x\ny'], config: {} }] }, { formatted: true });
    expect(text).toBe('labels\r\n"{""a"":""b""}"\r\n"x\ny"\r\n');
    expect(cellText(undefined, 'number', true)).toBe('');
  });

  it('stops the table at the limit', () => {
    expect(frameRows(frame, false, 1)).toHaveLength(1);
  });

  it('names frames and files', () => {
    expect(frameLabel(frame, 0)).toBe('cpu, note (A)');
    expect(frameLabel({ name: 'requests', fields: [] }, 3)).toBe('requests');
    expect(frameLabel({ fields: [] }, 3)).toBe('Frame 4');
    expect(csvFileName('CPU / memory', new Date(2024, 4, 6, 7, 8, 9))).toBe('CPU-memory-data-2024-05-06 07-08-09.csv');
    expect(csvFileName('', new Date(2024, 4, 6, 7, 8, 9))).toBe('data-data-2024-05-06 07-08-09.csv');
  });

  it('counts frames and rows', () => {
    expect(queryStats([frame, { fields: [] }], 12)).toEqual({ frames: 2, rows: 2, requestTime: 12 });
  });

  it('reads the tab from the URL', () => {
    expect(inspectTab('query')).toBe('query');
    expect(inspectTab('json')).toBe('json');
    expect(inspectTab(null)).toBe('data');
    expect(inspectTab('bogus')).toBe('data');
  });
});

describe('formatted numbers', () => {
  it('writes numbers with the panel unit and decimals when formatted, raw otherwise', () => {
    const formats = numberFormats(frame, { defaults: { unit: 'percentunit', decimals: 1 } });
    expect(formats[0]).toBeUndefined();
    expect(frameRows(frame, true, Infinity, formats)[0]![1]).toBe('50.0%');
    expect(frameRows(frame, false, Infinity, formats)[0]![1]).toBe('0.5');
    expect(frameToCsv(frame, { formatted: true, formats }).split('\r\n')[1]).toMatch(/,50\.0%,plain$/);
  });
});

describe('series joined by time', () => {
  it('puts every series on one time column, empty where a series has no point', () => {
    const a: Frame = { refId: 'A', fields: [{ name: 'time', type: 'time', values: [1, 2], config: {} }, { name: 'p50', type: 'number', values: [10, 20], config: {} }] };
    const b: Frame = { refId: 'B', fields: [{ name: 'time', type: 'time', values: [2, 3], config: {} }, { name: 'p95', type: 'number', values: [30, 40], config: {} }] };
    const joined = joinByTime([a, b])!;
    expect(frameToCsv(joined, { formatted: false })).toBe('Time,p50,p95\r\n1,10,\r\n2,20,30\r\n3,,40\r\n');
    expect(joinByTime([a])).toBeUndefined();
    expect(joinByTime([a, { fields: [{ name: 'x', type: 'string', values: ['y'], config: {} }] }])).toBeUndefined();
  });
});
