// The dashboard's 24-column grid as a CSS grid: every item placed by its computed `gridPos`
// (see layout.ts), rows that collapse and expand. On narrow screens panels stack.
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { DashboardModel, FrontendSettings, PanelModel } from '../../api/types';
import { Icon } from '../../app/Icon';
import type { TimeRange } from '../../lib/time/range';
import { findPanel, parsePanelKey } from '../panel/view';
import type { VariableStates } from '../variables/model';
import { panelTitle, repeatOptionsFrom } from '../variables/panel';
import { expandRepeats, initiallyCollapsed, layout, sections, type CloneCache } from './layout';
import { PanelView } from './PanelView';

export interface DashboardGridProps {
  dashboard: DashboardModel;
  settings: FrontendSettings;
  range: TimeRange;
  onChangeTimeRange: (from: number, to: number) => void;
  onLoadingChange: (key: string, loading: boolean) => void;
  /** The dashboard's variables: repeats, titles and queries follow them. */
  variables?: VariableStates;
}

export function DashboardGrid({ dashboard, settings, range, onChangeTimeRange, onLoadingChange, variables }: DashboardGridProps) {
  const [clones] = useState<CloneCache>(() => new WeakMap());
  const panels = useMemo(() => expandRepeats(dashboard.panels ?? [], repeatOptionsFrom(variables), clones), [dashboard, variables, clones]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => initiallyCollapsed(panels));
  const items = useMemo(() => layout(panels, collapsed), [panels, collapsed]);
  const rowSizes = useMemo(() => {
    const sizes = new Map<PanelModel, number>();
    for (const section of sections(panels)) if (section.row) sizes.set(section.row, section.panels.length);
    return sizes;
  }, [panels]);
  // `?viewPanel=<id>`: that panel alone, filling the page.
  const viewPanelId = parsePanelKey(useSearchParams()[0].get('viewPanel'));
  const viewed = viewPanelId === undefined ? undefined : findPanel(panels, viewPanelId);

  if (viewed) {
    return (
      <div className="dashboard-grid dashboard-grid--view">
        <PanelView panel={viewed} dashboard={dashboard} settings={settings} range={range} onChangeTimeRange={onChangeTimeRange} onLoadingChange={onLoadingChange} loadingKey={`view-${viewPanelId}`} variables={variables} />
      </div>
    );
  }

  if (panels.length === 0) {
    return (
      <div className="dashboard-empty">
        <Icon name="dashboards" size={32} />
        <p>This dashboard has no panels yet.</p>
      </div>
    );
  }

  return (
    <div className="dashboard-grid">
      {items.map((item) => {
        const style = { '--x': item.pos.x + 1, '--y': item.pos.y + 1, '--w': item.pos.w, '--h': item.pos.h } as React.CSSProperties;
        if (item.panel.type === 'row') {
          const count = rowSizes.get(item.panel) ?? 0;
          return (
            <div key={item.key} className="grid-item grid-item--row" style={style}>
              <button
                type="button"
                className="dashboard-row"
                aria-expanded={!item.collapsed}
                onClick={() =>
                  setCollapsed((current) => {
                    const next = new Set(current);
                    if (!next.delete(item.key)) next.add(item.key);
                    return next;
                  })
                }
              >
                <Icon name={item.collapsed ? 'chevronRight' : 'chevronDown'} size={16} />
                <span className="dashboard-row__title">{panelTitle(item.panel, dashboard, variables, range) || 'Row title'}</span>
                {item.collapsed && (
                  <span className="dashboard-row__count">
                    ({count} {count === 1 ? 'panel' : 'panels'})
                  </span>
                )}
              </button>
            </div>
          );
        }
        return (
          <div key={item.key} className="grid-item" style={style}>
            <PanelView
              panel={item.panel}
              dashboard={dashboard}
              settings={settings}
              range={range}
              onChangeTimeRange={onChangeTimeRange}
              onLoadingChange={onLoadingChange}
              loadingKey={item.key}
              variables={variables}
            />
          </div>
        );
      })}
    </div>
  );
}
