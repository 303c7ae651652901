import { describe, expect, it } from 'vitest';
import type { Frame } from '../../lib/data/frames';
import { commonLabels, dedupLogRows, formatLogTime, levelFromLine, levelFromName, logRows, sortLogRows, type LogRow } from './model';

const testDataFrame: Frame = {
  refId: 'A',
  fields: [
    { name: 'labels', type: 'other', config: {}, values: [{ hostname: 'srv-001', level: 'error' }, { hostname: 'srv-002', level: '' }, { hostname: 'srv-001', level: 'warning' }] },
    { name: 'timestamp', type: 'time', config: {}, values: [3000, 2000, 1000] },
    { name: 'body', type: 'string', config: {}, values: ['t=3 msg="boom"', 't=2 lvl=debug msg="ok"', 't=1 msg="slow"'] },
    { name: 'id', type: 'string', config: {}, values: ['a', 'b', 'c'] },
  ],
};

function row(line: string, time: number, level: LogRow['level'] = 'info'): LogRow {
  return { uid: line + time, time, line, level, labels: {}, fields: {}, duplicates: 0 };
}

describe('log rows', () => {
  it('reads time, line, labels, level and other fields from a log frame', () => {
    const rows = logRows([testDataFrame]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ time: 3000, line: 't=3 msg="boom"', level: 'error', labels: { hostname: 'srv-001', level: 'error' }, fields: { id: 'a' }, uid: '0_a' });
    // An empty level label falls back to the level the line states.
    expect(rows[1]!.level).toBe('debug');
    expect(rows[2]!.level).toBe('warning');
  });

  it('takes the level from a level field and times from ISO strings', () => {
    const frame: Frame = {
      fields: [
        { name: 'ts', type: 'time', config: {}, values: ['2024-05-01T10:00:00Z'] },
        { name: 'level', type: 'string', config: {}, values: ['WARN'] },
        { name: 'line', type: 'string', config: {}, values: ['disk almost full'] },
      ],
    };
    expect(logRows([frame])[0]).toMatchObject({ time: Date.parse('2024-05-01T10:00:00Z'), level: 'warning', line: 'disk almost full' });
  });

  it('ignores frames without a time or a line', () => {
    expect(logRows([{ fields: [{ name: 'Value', type: 'number', config: {}, values: [1] }] }])).toEqual([]);
  });

  it('knows Grafana level names and finds levels in lines', () => {
    expect(levelFromName('CRIT')).toBe('critical');
    expect(levelFromName('eror')).toBe('error');
    expect(levelFromName('notice')).toBe('info');
    expect(levelFromName('verbose')).toBe('unknown');
    expect(levelFromName('3')).toBe('error');
    expect(levelFromName('6')).toBe('info');
    expect(levelFromLine('level=warn msg=x')).toBe('warning');
    expect(levelFromLine('{"level":"error","msg":"x"}')).toBe('error');
    expect(levelFromLine('2024 ERROR something failed')).toBe('error');
    expect(levelFromLine('all good')).toBe('unknown');
  });

  it('sorts newest or oldest first, keeping ties in order', () => {
    const rows = [row('b', 2), row('a', 1), row('c', 3), row('c2', 3)];
    expect(sortLogRows(rows).map((r) => r.line)).toEqual(['c', 'c2', 'b', 'a']);
    expect(sortLogRows(rows, 'Ascending').map((r) => r.line)).toEqual(['a', 'b', 'c', 'c2']);
  });

  it('folds neighbouring duplicates by each strategy', () => {
    const rows = [row('GET /a took 12ms', 5), row('GET /a took 12ms', 4), row('GET /a took 30ms', 3), row('POST /b took 9ms', 2), row('GET /a took 12ms', 1)];
    expect(dedupLogRows(rows, 'none')).toHaveLength(5);
    expect(dedupLogRows(rows, 'exact').map((r) => [r.line, r.duplicates])).toEqual([
      ['GET /a took 12ms', 1],
      ['GET /a took 30ms', 0],
      ['POST /b took 9ms', 0],
      ['GET /a took 12ms', 0],
    ]);
    expect(dedupLogRows(rows, 'numbers').map((r) => r.duplicates)).toEqual([2, 0, 0]);
    expect(dedupLogRows(rows, 'signature').map((r) => r.duplicates)).toEqual([4]);
  });

  it('finds the labels every row shares', () => {
    const rows = logRows([testDataFrame]);
    expect(commonLabels(rows)).toEqual({});
    expect(commonLabels(rows.filter((r) => r.labels.hostname === 'srv-001'))).toEqual({ hostname: 'srv-001' });
  });
});

describe('formatLogTime', () => {
  // 2024-03-05 23:30:00.042 UTC.
  const instant = Date.UTC(2024, 2, 5, 23, 30, 0, 42);

  it('writes the time with milliseconds in the dashboard\'s zone', () => {
    expect(formatLogTime(instant, 'utc')).toBe('2024-03-05 23:30:00.042');
    expect(formatLogTime(instant, 'Asia/Kolkata')).toBe('2024-03-06 05:00:00.042');
    expect(formatLogTime(instant, 'America/New_York')).toBe('2024-03-05 18:30:00.042');
  });

  it('uses the browser\'s zone by default and writes nothing for a missing time', () => {
    const local = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
    expect(formatLogTime(local)).toBe('2024-01-02 03:04:05.006');
    expect(formatLogTime(Number.NaN)).toBe('');
  });
});
