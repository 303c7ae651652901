// Links to a panel as Grafana shares them: the dashboard with `viewPanel`, or the bare panel
// under `/d-solo/` for an <iframe>. Both carry the time range (made absolute when "lock time
// range" is on, so the link shows the same data tomorrow), the dashboard's variables and its
// time zone.
import type { RawTimeRange, TimeRange } from '../../lib/time/range';

export interface ShareTarget {
  /** The app's absolute root, `https://host/grafana` (no trailing slash). */
  baseUrl: string;
  dashboardUid: string;
  slug?: string;
  panelId?: number;
  /** The page's current query string: its `var-*` parameters travel along. */
  search: string;
  range: TimeRange;
}

export interface ShareOptions {
  /** Absolute epoch milliseconds instead of `now-6h`. */
  lockTime: boolean;
}

/** The time range parameters: the raw text, or the resolved milliseconds when locked. */
export function timeParams(range: TimeRange, lockTime: boolean): RawTimeRange {
  return lockTime ? { from: String(range.from), to: String(range.to) } : { from: range.raw.from, to: range.raw.to };
}

/** What of the page's query string a link keeps: the `var-*` parameters (in their order,
 * repeated values kept) and the chosen `timezone`. */
export function sharedParams(search: string): [string, string][] {
  return [...new URLSearchParams(search).entries()].filter(([name]) => name.startsWith('var-') || name === 'timezone');
}

function withQuery(path: string, params: [string, string][]): string {
  const query = new URLSearchParams(params).toString();
  return query ? `${path}?${query}` : path;
}

function dashboardPath(prefix: 'd' | 'd-solo', target: ShareTarget): string {
  const slug = target.slug ? `/${encodeURIComponent(target.slug)}` : '';
  return `${target.baseUrl}/${prefix}/${encodeURIComponent(target.dashboardUid)}${slug}`;
}

/** The dashboard link, opening the panel full screen when `panelId` is set. */
export function buildShareUrl(target: ShareTarget, options: ShareOptions): string {
  const time = timeParams(target.range, options.lockTime);
  const params: [string, string][] = [['from', time.from], ['to', time.to], ...sharedParams(target.search)];
  if (target.panelId !== undefined) params.push(['viewPanel', String(target.panelId)]);
  return withQuery(dashboardPath('d', target), params);
}

/** The chrome-less single panel page (`/d-solo/uid/slug?panelId=`). */
export function buildSoloUrl(target: ShareTarget & { panelId: number }, options: ShareOptions): string {
  const time = timeParams(target.range, options.lockTime);
  const params: [string, string][] = [['from', time.from], ['to', time.to], ...sharedParams(target.search), ['panelId', String(target.panelId)]];
  return withQuery(dashboardPath('d-solo', target), params);
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The <iframe> HTML for embedding a panel. */
export function buildEmbedHtml(soloUrl: string, width = 450, height = 200): string {
  return `<iframe src="${attribute(soloUrl)}" width="${width}" height="${height}" frameborder="0"></iframe>`;
}

/** The app's absolute root from the page: its origin and the <base href> path. */
export function appBaseUrl(location: { origin: string }, basePath: string): string {
  return `${location.origin}${basePath}`;
}
