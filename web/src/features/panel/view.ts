// The URL parameters around a panel, as Grafana reads them: `viewPanel` (full screen),
// `inspect` + `inspectTab` (the inspect drawer) and `panelId` (the solo page).
// Grafana 12 writes panel keys as `panel-<id>`; older links carry the bare id: both work.
import type { PanelModel } from '../../api/types';

/** The panel id in `2` or `panel-2`; `undefined` for anything else. */
export function parsePanelKey(value: string | null | undefined): number | undefined {
  const match = /^(?:panel-)?(-?\d+)$/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A panel by id anywhere in the dashboard, inside collapsed rows too (not rows themselves). */
export function findPanel(panels: PanelModel[] | undefined, id: number): PanelModel | undefined {
  for (const panel of panels ?? []) {
    if (panel.type !== 'row' && panel.id === id) return panel;
    const nested = findPanel(panel.panels, id);
    if (nested) return nested;
  }
  return undefined;
}

/** A copy of `params` with `change` applied: `undefined` removes a parameter. */
export function withParams(params: URLSearchParams, change: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  }
  return next;
}
