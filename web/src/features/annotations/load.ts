// Runs a dashboard's enabled annotation queries for a time range: Grafana's own source through
// `/api/annotations`, data sources through `/api/ds/query`. The queries run concurrently and
// one failing does not hide the others' events.
import { ApiError, api } from '../../api/client';
import type { DashboardModel, FrontendSettings } from '../../api/types';
import { panelDataFromResponse } from '../../lib/data/frames';
import type { TimeRange } from '../../lib/time/range';
import { dataSourceAnnotationRequest, eventsFromFrames, eventsFromJson, grafanaAnnotationParams, mergeAnnotations, queryKind } from './queries';
import type { VariableStates } from '../variables/model';
import type { AnnotationEvent, AnnotationQuery } from './types';

export interface LoadedAnnotations {
  events: AnnotationEvent[];
  /** Failed queries by name. */
  errors: { source: string; message: string }[];
}

export interface LoadOptions {
  dashboard: DashboardModel;
  settings: FrontendSettings;
  range: TimeRange;
  variables?: VariableStates;
  signal: AbortSignal;
}

async function runQuery(query: AnnotationQuery, options: LoadOptions): Promise<AnnotationEvent[]> {
  if (queryKind(query) !== 'datasource') {
    const list = await api.annotations(grafanaAnnotationParams(query, options.dashboard.uid, options.range, options.variables), options.signal);
    return eventsFromJson(Array.isArray(list) ? list : [], query);
  }
  const request = dataSourceAnnotationRequest(query, options);
  if (!request) throw new Error('its data source is not known');
  const data = panelDataFromResponse(await api.query(request, options.signal));
  if (data.frames.length === 0 && data.errors.length > 0) throw new Error(data.errors.map((error) => error.message).join('; '));
  return eventsFromFrames(data.frames, query);
}

export async function loadAnnotations(queries: AnnotationQuery[], options: LoadOptions): Promise<LoadedAnnotations> {
  const outcomes = await Promise.allSettled(queries.map((query) => runQuery(query, options)));
  const errors: LoadedAnnotations['errors'] = [];
  const lists = outcomes.map((outcome, index) => {
    if (outcome.status === 'fulfilled') return outcome.value;
    const reason: unknown = outcome.reason;
    const message = reason instanceof ApiError || reason instanceof Error ? reason.message : String(reason);
    errors.push({ source: queries[index]!.name ?? `Annotation ${index + 1}`, message });
    return [];
  });
  return { events: mergeAnnotations(lists), errors };
}
