import { describe, expect, it } from 'vitest';
import type { AnnotationEvent } from '../../features/annotations/types';
import { cardHtml, eventSpan, regionTime } from './annotations';

function event(time: number, timeEnd?: number): AnnotationEvent {
  return { key: 'k', source: 's', sourceKind: 'dashboard', color: '#fff', time, timeEnd, text: '', tags: [] };
}

describe('annotation geometry', () => {
  it('places a moment on the axis', () => {
    expect(eventSpan(event(150), 100, 200, 400)).toEqual({ left: 200, width: 0, region: false });
    expect(eventSpan(event(100), 100, 200, 400)?.left).toBe(0);
    expect(eventSpan(event(200), 100, 200, 400)?.left).toBe(400);
  });

  it('leaves out what the axis does not show', () => {
    expect(eventSpan(event(99), 100, 200, 400)).toBeUndefined();
    expect(eventSpan(event(201), 100, 200, 400)).toBeUndefined();
    expect(eventSpan(event(50, 99), 100, 200, 400)).toBeUndefined();
    expect(eventSpan(event(150), 200, 200, 400)).toBeUndefined();
  });

  it('cuts regions to the visible part', () => {
    expect(eventSpan(event(125, 175), 100, 200, 400)).toEqual({ left: 100, width: 200, region: true });
    expect(eventSpan(event(50, 150), 100, 200, 400)).toEqual({ left: 0, width: 200, region: true });
    expect(eventSpan(event(150, 500), 100, 200, 400)).toEqual({ left: 200, width: 200, region: true });
    expect(eventSpan(event(0, 1000), 100, 200, 400)).toEqual({ left: 0, width: 400, region: true });
  });

  it('keeps a tiny region at least a pixel wide, and treats an empty one as a moment', () => {
    expect(eventSpan(event(150, 150.01), 100, 200, 400)?.width).toBe(1);
    expect(eventSpan(event(150, 150), 100, 200, 400)?.region).toBe(false);
  });

  it('writes the end of a region without its date when it is the same day', () => {
    expect(regionTime('2026-01-05 03:00:00', '2026-01-05 04:00:00')).toBe('2026-01-05 03:00:00 – 04:00:00');
    expect(regionTime('2026-01-05 23:00:00', '2026-01-06 01:00:00')).toBe('2026-01-05 23:00:00 – 2026-01-06 01:00:00');
  });
});

describe('annotation card', () => {
  // 2024-03-05 23:30 UTC is 05:00 on the 6th in Kolkata (UTC+05:30).
  const at = Date.UTC(2024, 2, 5, 23, 30);

  it('writes the time in the dashboard\'s zone', () => {
    expect(cardHtml(event(at), 'Asia/Kolkata')).toContain('>2024-03-06 05:00:00<');
    expect(cardHtml(event(at), 'utc')).toContain('>2024-03-05 23:30:00<');
    expect(cardHtml(event(at, at + 3_600_000), 'Asia/Kolkata')).toContain('>2024-03-06 05:00:00 – 06:00:00<');
  });

  it('escapes the text', () => {
    expect(cardHtml({ ...event(at), text: '<img src=x onerror=alert(1)>' }, 'utc')).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
