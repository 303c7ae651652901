// A panel type Sightline cannot draw yet: says so plainly instead of failing.
import { Icon } from '../../app/Icon';
import type { PanelProps } from '../types';

const NAMES: Record<string, string> = {
  gauge: 'Gauge',
  bargauge: 'Bar gauge',
  table: 'Table',
  text: 'Text',
  logs: 'Logs',
  heatmap: 'Heatmap',
  piechart: 'Pie chart',
  barchart: 'Bar chart',
  'state-timeline': 'State timeline',
  'status-history': 'Status history',
  histogram: 'Histogram',
  news: 'News',
  dashlist: 'Dashboard list',
  alertlist: 'Alert list',
  nodeGraph: 'Node graph',
  traces: 'Traces',
  geomap: 'Geomap',
  canvas: 'Canvas',
  xychart: 'XY chart',
  trend: 'Trend',
  candlestick: 'Candlestick',
  flamegraph: 'Flame graph',
};

export function UnsupportedPanel({ panel }: PanelProps) {
  const name = NAMES[panel.type] ?? panel.type;
  return (
    <div className="panel-unsupported">
      <Icon name="spark" size={24} />
      <div>
        <strong>{name}</strong> panels are coming soon.
      </div>
      <div className="panel-unsupported__hint">This panel's configuration is kept unchanged.</div>
    </div>
  );
}
