// Panel types by Grafana's `type` id. Legacy ids are drawn by their modern successor, as
// Grafana's own auto-migration does (`graph` → time series, `singlestat` → stat).
import { StatPanel } from './stat/StatPanel';
import { TimeSeriesPanel } from './timeseries/TimeSeriesPanel';
import type { PanelPlugin } from './types';
import { UnsupportedPanel } from './unsupported/UnsupportedPanel';

const timeseries: PanelPlugin = { id: 'timeseries', name: 'Time series', usesQueries: true, component: TimeSeriesPanel };
const stat: PanelPlugin = { id: 'stat', name: 'Stat', usesQueries: true, component: StatPanel };

const PLUGINS: Record<string, PanelPlugin> = {
  timeseries,
  graph: timeseries,
  stat,
  singlestat: stat,
};

export function panelPlugin(type: string): PanelPlugin {
  return PLUGINS[type] ?? { id: type, name: type, usesQueries: false, component: UnsupportedPanel };
}
