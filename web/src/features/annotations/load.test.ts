import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueryRequest } from '../../api/types';

const calls: { annotations: string[]; queries: QueryRequest[] } = { annotations: [], queries: [] };

vi.mock('../../api/client', () => ({
  ApiError: class ApiError extends Error {},
  api: {
    annotations: async (params: URLSearchParams) => {
      calls.annotations.push(params.toString());
      if (params.get('type') === 'tags') throw new Error('tag search failed');
      return [{ id: 7, time: 500, text: 'from the API', tags: [] }];
    },
    query: async (request: QueryRequest) => {
      calls.queries.push(request);
      return {
        results: {
          Anno: {
            frames: [
              {
                schema: { fields: [{ name: 'time', type: 'time' }, { name: 'text', type: 'string' }] },
                data: { values: [[100, 900], ['first', 'last']] },
              },
            ],
          },
        },
      };
    },
  },
}));

const { loadAnnotations } = await import('./load');

beforeEach(() => {
  calls.annotations = [];
  calls.queries = [];
});

describe('loadAnnotations', () => {
  const options = {
    dashboard: { uid: 'dash', title: 'D' },
    settings: { appSubUrl: '', defaultDatasource: 'TD', datasources: { TD: { uid: 'td', type: 'grafana-testdata-datasource', name: 'TD' } } },
    range: { raw: { from: '0', to: '1000' }, from: 0, to: 1000 },
    signal: new AbortController().signal,
  };

  it('runs every query, merges their events in time order and reports the failures', async () => {
    const result = await loadAnnotations(
      [
        { name: 'Annotations & Alerts', builtIn: 1, type: 'dashboard' },
        { name: 'Deploys', datasource: '-- Grafana --', type: 'tags', tags: ['deploy'] },
        { name: 'CSV', datasource: { uid: 'td' }, target: { scenarioId: 'csv_content' } },
      ],
      options,
    );
    expect(result.events.map((event) => [event.time, event.text, event.source])).toEqual([
      [100, 'first', 'CSV'],
      [500, 'from the API', 'Annotations & Alerts'],
      [900, 'last', 'CSV'],
    ]);
    expect(result.errors).toEqual([{ source: 'Deploys', message: 'tag search failed' }]);
    expect(calls.annotations).toEqual(['from=0&to=1000&limit=100&dashboardUID=dash&type=dashboard', 'from=0&to=1000&limit=100&tags=deploy&type=tags']);
    expect(calls.queries[0]?.queries[0]).toMatchObject({ refId: 'Anno', scenarioId: 'csv_content', datasource: { uid: 'td' } });
  });
});
