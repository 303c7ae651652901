// Annotations as the dashboard JSON declares them (`annotations.list[]`, Grafana's field
// names) and as panels draw them: events at a time, or regions from `time` to `timeEnd`.
import type { AnnotationJson, DataSourceRef } from '../../api/types';

export type { AnnotationJson };

/** One entry of `annotations.list`. Grafana's built-in source keeps its options either at the
 * top level (older dashboards) or in `target` (newer ones); both are read. */
export interface AnnotationQuery {
  name?: string;
  /** Queried and drawn; the toggle in the dashboard controls flips it. */
  enable?: boolean;
  /** No toggle in the dashboard controls (still drawn when enabled). */
  hide?: boolean;
  iconColor?: string;
  /** 1 for the built-in "Annotations & Alerts". */
  builtIn?: number;
  datasource?: DataSourceRef;
  /** Grafana source: `dashboard` (this dashboard's annotations) or `tags` (org-wide, by tag). */
  type?: string;
  tags?: string[];
  matchAny?: boolean;
  limit?: number;
  /** The query the data source runs (newer dashboards), or the Grafana source's options. */
  target?: Record<string, unknown>;
  /** Which panels show it: only `ids`, or all but `ids` with `exclude`. */
  filter?: { exclude?: boolean; ids?: number[] };
  /** Field names to read from a data source's frames (`{ text: { value: 'message' } }`). */
  mappings?: Record<string, { source?: string; value?: string } | undefined>;
  [key: string]: unknown;
}

/** Where an event came from: which query kind produced it decides which panels show it. */
export type AnnotationSourceKind = 'dashboard' | 'tags' | 'datasource';

export interface AnnotationEvent {
  /** Unique within one load: the API id, or the query's name and row for frames. */
  key: string;
  /** The API id (Grafana sources only), to de-duplicate events two queries both found. */
  id?: number;
  /** The name of the annotation query. */
  source: string;
  sourceKind: AnnotationSourceKind;
  color: string;
  time: number;
  /** A region's end; equal to `time` (or absent) for a moment. */
  timeEnd?: number;
  title?: string;
  text: string;
  tags: string[];
  login?: string;
  email?: string;
  avatarUrl?: string;
  /** The panel a dashboard annotation was made on; 0 or absent: the whole dashboard. */
  panelId?: number;
  /** The query's panel filter. */
  filter?: AnnotationQuery['filter'];
}

/** Grafana's colour for annotations without an `iconColor`. */
export const DEFAULT_ANNOTATION_COLOR = 'rgba(0, 211, 255, 1)';

export function isRegion(event: AnnotationEvent): boolean {
  return event.timeEnd !== undefined && event.timeEnd > event.time;
}
