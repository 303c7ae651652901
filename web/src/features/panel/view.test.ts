import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { kioskMode } from '../../app/kiosk';
import { themeParam } from './solo';
import { findPanel, parsePanelKey, withParams } from './view';

describe('panel URL state', () => {
  it('reads bare ids and Grafana 12 panel keys', () => {
    expect(parsePanelKey('2')).toBe(2);
    expect(parsePanelKey('panel-14')).toBe(14);
    expect(parsePanelKey('panel-')).toBeUndefined();
    expect(parsePanelKey('abc')).toBeUndefined();
    expect(parsePanelKey(null)).toBeUndefined();
  });

  it('finds panels inside collapsed rows but not rows', () => {
    const panels: PanelModel[] = [
      { id: 1, type: 'timeseries' },
      { id: 2, type: 'row', collapsed: true, panels: [{ id: 3, type: 'stat' }] },
    ];
    expect(findPanel(panels, 3)?.type).toBe('stat');
    expect(findPanel(panels, 2)).toBeUndefined();
    expect(findPanel(panels, 9)).toBeUndefined();
  });

  it('sets and removes parameters without touching the others', () => {
    const next = withParams(new URLSearchParams('from=now-1h&viewPanel=2'), { viewPanel: undefined, inspect: '3' });
    expect(next.toString()).toBe('from=now-1h&inspect=3');
  });

  it('reads kiosk modes', () => {
    expect(kioskMode(new URLSearchParams(''))).toBe('off');
    expect(kioskMode(new URLSearchParams('kiosk'))).toBe('full');
    expect(kioskMode(new URLSearchParams('kiosk=1'))).toBe('full');
    expect(kioskMode(new URLSearchParams('kiosk=tv'))).toBe('tv');
    expect(kioskMode(new URLSearchParams('kiosk=false'))).toBe('off');
  });
});

describe('solo page', () => {
  it('takes only known themes', () => {
    expect(themeParam(new URLSearchParams('theme=light'))).toBe('light');
    expect(themeParam(new URLSearchParams('theme=blue'))).toBeUndefined();
  });
});
