import { describe, expect, it } from 'vitest';
import { appBaseUrl, buildEmbedHtml, buildShareUrl, buildSoloUrl, timeParams, sharedParams, type ShareTarget } from './share';

const range = { raw: { from: 'now-6h', to: 'now' }, from: 1_700_000_000_000, to: 1_700_021_600_000 };
const target: ShareTarget = {
  baseUrl: 'https://grafana.example.com/sub',
  dashboardUid: 'svc-overview',
  slug: 'service-overview',
  panelId: 4,
  search: '?from=now-6h&to=now&var-env=prod&var-host=a&var-host=b&viewPanel=2&kiosk&timezone=utc',
  range,
};

describe('share links', () => {
  it('locks the range to epoch milliseconds, or keeps the relative text', () => {
    expect(timeParams(range, true)).toEqual({ from: '1700000000000', to: '1700021600000' });
    expect(timeParams(range, false)).toEqual({ from: 'now-6h', to: 'now' });
  });

  it('keeps only the variables and the time zone of the page, repeated values too', () => {
    expect(sharedParams(target.search)).toEqual([
      ['var-env', 'prod'],
      ['var-host', 'a'],
      ['var-host', 'b'],
      ['timezone', 'utc'],
    ]);
  });

  it('links to the dashboard with the panel full screen', () => {
    const url = new URL(buildShareUrl(target, { lockTime: true }));
    expect(url.origin + url.pathname).toBe('https://grafana.example.com/sub/d/svc-overview/service-overview');
    expect(url.searchParams.get('from')).toBe('1700000000000');
    expect(url.searchParams.get('to')).toBe('1700021600000');
    expect(url.searchParams.getAll('var-host')).toEqual(['a', 'b']);
    expect(url.searchParams.get('viewPanel')).toBe('4');
    // Page state other than time and variables is not shared.
    expect(url.searchParams.has('kiosk')).toBe(false);
  });

  it('keeps relative ranges when not locked, and works without a slug or panel', () => {
    const url = buildShareUrl({ ...target, slug: undefined, panelId: undefined, search: '' }, { lockTime: false });
    expect(url).toBe('https://grafana.example.com/sub/d/svc-overview?from=now-6h&to=now');
  });

  it('builds the solo page URL and the iframe around it', () => {
    const solo = buildSoloUrl({ ...target, panelId: 4 }, { lockTime: false });
    expect(solo).toBe('https://grafana.example.com/sub/d-solo/svc-overview/service-overview?from=now-6h&to=now&var-env=prod&var-host=a&var-host=b&timezone=utc&panelId=4');
    expect(buildEmbedHtml(solo)).toBe(`<iframe src="${solo.replace(/&/g, '&amp;')}" width="450" height="200" frameborder="0"></iframe>`);
  });

  it('encodes uids that need it', () => {
    expect(buildShareUrl({ ...target, dashboardUid: 'a b/c', slug: undefined, search: '' }, { lockTime: false })).toContain('/d/a%20b%2Fc?');
  });

  it('joins the origin and the sub path', () => {
    expect(appBaseUrl({ origin: 'http://localhost:3000' }, '')).toBe('http://localhost:3000');
    expect(appBaseUrl({ origin: 'https://h' }, '/grafana')).toBe('https://h/grafana');
  });
});
