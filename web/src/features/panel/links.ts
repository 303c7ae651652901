// Panel links (`panel.links`): their URLs with Grafana's template variables filled in —
// `${__url_time_range}`, `${__all_variables}`, `${__from}`/`${__to}` and the dashboard's own
// `$name`, `${name}` and `[[name]]` — and app paths under the server's sub path.
import type { DashboardModel, PanelModel } from '../../api/types';
import type { TimeRange } from '../../lib/time/range';

export interface PanelLink {
  title: string;
  url: string;
  targetBlank: boolean;
}

interface LinkContext {
  dashboard: DashboardModel;
  range: TimeRange;
  /** The page's query string: `var-*` parameters win over the saved variable values. */
  search: string;
  basePath: string;
}

function currentValues(dashboard: DashboardModel, search: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const variable of dashboard.templating?.list ?? []) {
    const value = variable.current?.value;
    const list = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
    values.set(variable.name, list);
  }
  const params = new URLSearchParams(search);
  for (const name of new Set([...params.keys()].filter((key) => key.startsWith('var-')))) {
    values.set(name.slice(4), params.getAll(name));
  }
  return values;
}

export function interpolateLink(url: string, context: LinkContext): string {
  const values = currentValues(context.dashboard, context.search);
  const builtIns: Record<string, string> = {
    __url_time_range: `from=${encodeURIComponent(context.range.raw.from)}&to=${encodeURIComponent(context.range.raw.to)}`,
    __all_variables: [...values].flatMap(([name, list]) => list.map((value) => `var-${encodeURIComponent(name)}=${encodeURIComponent(value)}`)).join('&'),
    __from: String(context.range.from),
    __to: String(context.range.to),
  };
  const replaced = url.replace(/\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, braced?: string, bracketed?: string, bare?: string) => {
    const name = (braced ?? bracketed ?? bare)!;
    if (name in builtIns) return builtIns[name]!;
    const list = values.get(name);
    if (!list) return whole;
    return list.map((value) => encodeURIComponent(value)).join(',');
  });
  return replaced.startsWith('/') && !replaced.startsWith('//') ? `${context.basePath}${replaced}` : replaced;
}

/** The panel's links with their URLs ready to follow; links without a URL are left out. */
export function panelLinks(panel: PanelModel, context: LinkContext): PanelLink[] {
  const links = Array.isArray(panel.links) ? (panel.links as unknown[]) : [];
  return links.flatMap((link) => {
    if (!link || typeof link !== 'object') return [];
    const { title, url, targetBlank } = link as { title?: unknown; url?: unknown; targetBlank?: unknown };
    if (typeof url !== 'string' || !url.trim()) return [];
    const text = typeof title === 'string' && title.trim() ? title : url;
    return [{ title: text, url: interpolateLink(url.trim(), context), targetBlank: targetBlank === true }];
  });
}
