import { describe, expect, it } from 'vitest';
import type { DashboardModel } from '../../api/types';
import { interpolateLink, panelLinks } from './links';

const dashboard: DashboardModel = {
  uid: 'd',
  title: 'D',
  templating: { list: [{ name: 'env', type: 'custom', current: { value: 'prod' } }, { name: 'host', type: 'query', current: { value: ['a', 'b c'] } }] },
};
const context = { dashboard, range: { raw: { from: 'now-1h', to: 'now' }, from: 1000, to: 2000 }, search: '?var-env=staging', basePath: '/grafana' };

describe('panel links', () => {
  it('fills in time range, variables and built-ins', () => {
    expect(interpolateLink('https://x/?${__url_time_range}&env=$env', context)).toBe('https://x/?from=now-1h&to=now&env=staging');
    expect(interpolateLink('https://x/?f=${__from}&t=${__to}&h=${host}&h2=[[host]]', context)).toBe('https://x/?f=1000&t=2000&h=a,b%20c&h2=a,b%20c');
    expect(interpolateLink('/d/other?${__all_variables}', context)).toBe('/grafana/d/other?var-env=staging&var-host=a&var-host=b%20c');
    expect(interpolateLink('https://x/$unknown', context)).toBe('https://x/$unknown');
  });

  it('keeps links with a URL, titled by their URL when untitled', () => {
    const links = panelLinks({ type: 'timeseries', links: [{ title: 'Runbook', url: 'https://runbook', targetBlank: true }, { url: '//cdn/x' }, { title: 'empty', url: '' }, 'junk'] }, context);
    expect(links).toEqual([
      { title: 'Runbook', url: 'https://runbook', targetBlank: true },
      { title: '//cdn/x', url: '//cdn/x', targetBlank: false },
    ]);
  });
});
