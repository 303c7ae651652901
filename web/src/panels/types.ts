// The shape every panel plugin has, like the backend's data source plugins: an id (Grafana's
// panel `type`), whether it needs query data, and a component that draws the panel's body
// from the panel's options, field config and data.
import type { ComponentType } from 'react';
import type { PanelModel } from '../api/types';
import type { PanelData } from '../lib/data/frames';
import type { TimeRange } from '../lib/time/range';

export interface PanelProps {
  panel: PanelModel;
  data: PanelData;
  width: number;
  height: number;
  timeRange: TimeRange;
  /** Drag-to-zoom on a time axis asks the dashboard for a new range. */
  onChangeTimeRange: (from: number, to: number) => void;
  /** `text` with the dashboard's variables (`$var`, `${var}`, `${var:format}`, a repeated
   * clone's scoped value) and built-ins (`${__from}`, `${__dashboard}`...) filled in, each
   * without a format written as its text, as panel titles are. For the panel's own text
   * (the text panel's content); markup it yields still needs sanitising. */
  replaceVariables: (text: string) => string;
}

export interface PanelPlugin {
  id: string;
  name: string;
  /** Whether the panel runs its targets through `/api/ds/query`. */
  usesQueries: boolean;
  component: ComponentType<PanelProps>;
}
