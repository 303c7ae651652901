// The one typed client for Sightline's HTTP API. Every request goes through `request`, which
// resolves paths against the page's <base href> (so a server under a sub path works), sends
// the session cookie and turns a non-2xx answer into an `ApiError` carrying the server's
// `message`.
import type {
  AnnotationJson,
  CurrentUser,
  DashboardResponse,
  FrontendSettings,
  QueryRequest,
  QueryResponse,
  SearchHit,
  SearchParams,
  UserOrg,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Also resolve (rather than throw) for these statuses: `/api/ds/query` answers 400 with
   * per-query errors beside the other queries' data. */
  acceptStatus?: number[];
}

/** Called on every 401 from the API, so the app can send the user to the login page. */
let onUnauthorized: (() => void) | undefined;

export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    signal: options.signal,
  };
  if (options.body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok && !options.acceptStatus?.includes(response.status)) {
    if (response.status === 401 && path !== 'login' && path !== 'api/user') {
      onUnauthorized?.();
    }
    throw new ApiError(response.status, errorMessage(response, body), body);
  }
  return body as T;
}

function errorMessage(response: Response, body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  return `${response.status} ${response.statusText || 'request failed'}`;
}

function query(params: Record<string, string | number | boolean | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '' || value === false) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(name, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Paths are relative (no leading slash) so they resolve against <base href>.
export const api = {
  login: (user: string, password: string) =>
    request<{ message: string; redirectUrl?: string }>('login', {
      method: 'POST',
      body: { user, password },
    }),
  currentUser: (signal?: AbortSignal) => request<CurrentUser>('api/user', { signal }),
  frontendSettings: () => request<FrontendSettings>('api/frontend/settings'),
  changePassword: (oldPassword: string, newPassword: string) =>
    request<{ message: string }>('api/user/password', { method: 'PUT', body: { oldPassword, newPassword, confirmNew: newPassword } }),
  userOrgs: () => request<UserOrg[]>('api/user/orgs'),
  switchOrg: (orgId: number) => request<{ message: string }>(`api/user/using/${orgId}`, { method: 'POST' }),
  search: (params: SearchParams, signal?: AbortSignal) =>
    request<SearchHit[]>(
      `api/search${query({
        query: params.query,
        tag: params.tags,
        starred: params.starred,
        type: params.type,
        folderUIDs: params.folderUIDs,
        dashboardUIDs: params.dashboardUIDs,
        limit: params.limit,
        sort: params.sort,
      })}`,
      { signal },
    ),
  dashboardTags: () => request<{ term: string; count: number }[]>('api/dashboards/tags'),
  stars: () => request<string[]>('api/user/stars'),
  star: (uid: string) => request<unknown>(`api/user/stars/dashboard/uid/${encodeURIComponent(uid)}`, { method: 'POST' }),
  unstar: (uid: string) =>
    request<unknown>(`api/user/stars/dashboard/uid/${encodeURIComponent(uid)}`, { method: 'DELETE' }),
  dashboard: (uid: string, signal?: AbortSignal) =>
    request<DashboardResponse>(`api/dashboards/uid/${encodeURIComponent(uid)}`, { signal }),
  /** `params`: Grafana's annotation search (`from`, `to`, `dashboardUID`, `tags`, …). */
  annotations: (params: URLSearchParams, signal?: AbortSignal) => request<AnnotationJson[]>(`api/annotations?${params.toString()}`, { signal }),
  query: (body: QueryRequest, signal?: AbortSignal) =>
    request<QueryResponse>('api/ds/query', { method: 'POST', body, signal, acceptStatus: [400, 404, 500, 502, 504] }),
  /** A data source's resource call (`path` relative, with its query string). */
  dataSourceResource: <T>(uid: string, path: string, signal?: AbortSignal) =>
    request<T>(`api/datasources/uid/${encodeURIComponent(uid)}/resources/${path}`, { signal }),
};

/** The URL of the logout endpoint (a plain navigation: it redirects to the login page). */
export const LOGOUT_URL = 'logout';
