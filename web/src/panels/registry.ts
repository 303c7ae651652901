// Panel types by Grafana's `type` id. Legacy ids are drawn by their modern successor, as
// Grafana's own auto-migration does (`graph` → time series, `singlestat` → stat).
import { BarChartPanel } from './barchart/BarChartPanel';
import { BarGaugePanel } from './bargauge/BarGaugePanel';
import { GaugePanel } from './gauge/GaugePanel';
import { HeatmapPanel } from './heatmap/HeatmapPanel';
import { LogsPanel } from './logs/LogsPanel';
import { PieChartPanel } from './piechart/PieChartPanel';
import { StatPanel } from './stat/StatPanel';
import { StateTimelinePanel } from './statetimeline/StateTimelinePanel';
import { TablePanel } from './table/TablePanel';
import { TextPanel } from './text/TextPanel';
import { TimeSeriesPanel } from './timeseries/TimeSeriesPanel';
import type { PanelPlugin } from './types';
import { UnsupportedPanel } from './unsupported/UnsupportedPanel';

const timeseries: PanelPlugin = { id: 'timeseries', name: 'Time series', usesQueries: true, component: TimeSeriesPanel };
const stat: PanelPlugin = { id: 'stat', name: 'Stat', usesQueries: true, component: StatPanel };
const gauge: PanelPlugin = { id: 'gauge', name: 'Gauge', usesQueries: true, component: GaugePanel };
const bargauge: PanelPlugin = { id: 'bargauge', name: 'Bar gauge', usesQueries: true, component: BarGaugePanel };

const text: PanelPlugin = { id: 'text', name: 'Text', usesQueries: false, component: TextPanel };
const logs: PanelPlugin = { id: 'logs', name: 'Logs', usesQueries: true, component: LogsPanel };
const table: PanelPlugin = { id: 'table', name: 'Table', usesQueries: true, component: TablePanel };
const heatmap: PanelPlugin = { id: 'heatmap', name: 'Heatmap', usesQueries: true, component: HeatmapPanel };
const piechart: PanelPlugin = { id: 'piechart', name: 'Pie chart', usesQueries: true, component: PieChartPanel };
const barchart: PanelPlugin = { id: 'barchart', name: 'Bar chart', usesQueries: true, component: BarChartPanel };
const stateTimeline: PanelPlugin = { id: 'state-timeline', name: 'State timeline', usesQueries: true, component: StateTimelinePanel };

const PLUGINS: Record<string, PanelPlugin> = {
  text,
  logs,
  table,
  'table-old': table,
  heatmap,
  piechart,
  barchart,
  'state-timeline': stateTimeline,
  timeseries,
  graph: timeseries,
  stat,
  singlestat: stat,
  gauge,
  bargauge,
};

export function panelPlugin(type: string): PanelPlugin {
  return PLUGINS[type] ?? { id: type, name: type, usesQueries: false, component: UnsupportedPanel };
}
