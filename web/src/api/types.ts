// Shapes of Sightline's (Grafana's) JSON, only as much as the UI reads.

export interface CurrentUser {
  id: number;
  uid?: string;
  login: string;
  email: string;
  name: string;
  orgId: number;
  isGrafanaAdmin: boolean;
  avatarUrl?: string;
}

export interface DataSourceSettings {
  id?: number;
  uid: string;
  type: string;
  name: string;
  isDefault?: boolean;
  meta?: { name?: string; info?: { logos?: { small?: string } } };
}

export interface FrontendSettings {
  appSubUrl: string;
  defaultDatasource: string;
  datasources: Record<string, DataSourceSettings>;
  disableLoginForm?: boolean;
  ldapEnabled?: boolean;
  authProxyEnabled?: boolean;
  disableSignoutMenu?: boolean;
  loginHint?: string;
  passwordHint?: string;
  defaultTheme?: string;
  buildInfo?: { version?: string; sightlineVersion?: string; commit?: string; hideVersion?: boolean };
}

/** One of the signed-in user's organizations (`/api/user/orgs`). */
export interface UserOrg {
  orgId: number;
  name: string;
  role: string;
}

export interface SearchHit {
  id: number;
  uid: string;
  title: string;
  uri?: string;
  url: string;
  slug?: string;
  type: 'dash-db' | 'dash-folder';
  tags: string[];
  isStarred: boolean;
  folderUid?: string;
  folderTitle?: string;
  folderUrl?: string;
}

export interface SearchParams {
  query?: string;
  tags?: string[];
  starred?: boolean;
  type?: 'dash-db' | 'dash-folder';
  folderUIDs?: string[];
  dashboardUIDs?: string[];
  limit?: number;
  sort?: string;
}

/** A data source reference as dashboards hold it: an object, a legacy name, or nothing
 * (the default data source). */
export type DataSourceRef = { uid?: string; type?: string } | string | null | undefined;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Threshold {
  value: number | null;
  color: string;
}

export interface FieldConfig {
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  displayName?: string;
  displayNameFromDS?: string;
  color?: { mode?: string; fixedColor?: string };
  thresholds?: { mode?: 'absolute' | 'percentage'; steps?: Threshold[] };
  custom?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FieldConfigOverride {
  matcher: { id: string; options?: unknown };
  properties: { id: string; value?: unknown }[];
}

export interface PanelTarget {
  refId?: string;
  datasource?: DataSourceRef;
  hide?: boolean;
  [key: string]: unknown;
}

export interface PanelModel {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  gridPos?: GridPos;
  datasource?: DataSourceRef;
  targets?: PanelTarget[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: FieldConfig; overrides?: FieldConfigOverride[] };
  maxDataPoints?: number;
  interval?: string;
  transparent?: boolean;
  /** Rows only. */
  collapsed?: boolean;
  panels?: PanelModel[];
  /** Repeated per value of this variable (panels and rows). */
  repeat?: string;
  repeatDirection?: 'h' | 'v';
  maxPerRow?: number;
  /** A repeated clone's own value of the repeat variable (set by the layout). */
  scopedVars?: Record<string, { text: string; value: string }>;
  /** A repeated clone's key (set by the layout). */
  repeatKey?: string;
  [key: string]: unknown;
}

export interface DashboardModel {
  uid: string;
  title: string;
  tags?: string[];
  panels?: PanelModel[];
  time?: { from: string; to: string };
  refresh?: string | false;
  timezone?: string;
  templating?: { list?: { name: string; type: string; current?: { value?: unknown; text?: unknown } }[] };
  [key: string]: unknown;
}

export interface DashboardMeta {
  slug?: string;
  url?: string;
  folderUid?: string;
  folderTitle?: string;
  folderUrl?: string;
  canEdit?: boolean;
  canSave?: boolean;
  isStarred?: boolean;
  provisioned?: boolean;
}

export interface DashboardResponse {
  dashboard: DashboardModel;
  meta: DashboardMeta;
}

export interface QueryRequest {
  queries: Record<string, unknown>[];
  from: string;
  to: string;
  dashboardUID?: string;
}

export interface FieldSchema {
  name: string;
  type?: string;
  labels?: Record<string, string>;
  config?: FieldConfig;
}

export interface DataFrameJson {
  schema?: { name?: string; refId?: string; fields: FieldSchema[]; meta?: Record<string, unknown> };
  data?: { values: unknown[][] };
}

export interface QueryResult {
  status?: number;
  error?: string;
  frames?: DataFrameJson[];
}

export interface QueryResponse {
  results?: Record<string, QueryResult>;
  message?: string;
}

/** An annotation as `GET /api/annotations` answers it (epoch milliseconds). */
export interface AnnotationJson {
  id: number;
  dashboardUID?: string;
  panelId?: number;
  time: number;
  timeEnd?: number;
  text?: string;
  tags?: string[] | null;
  login?: string;
  email?: string;
  avatarUrl?: string;
}
