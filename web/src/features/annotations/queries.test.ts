import { describe, expect, it } from 'vitest';
import type { DashboardModel, FrontendSettings } from '../../api/types';
import type { Frame } from '../../lib/data/frames';
import {
  annotationQueries,
  annotationVariablesKey,
  BUILT_IN_QUERY,
  dataSourceAnnotationRequest,
  eventsForPanel,
  eventsFromFrames,
  eventsFromJson,
  grafanaAnnotationParams,
  mergeAnnotations,
  interpolateTags,
  queryKind,
} from './queries';
import { statesOf, variable } from '../variables/testing';
import type { AnnotationEvent, AnnotationQuery } from './types';

const range = { raw: { from: 'now-6h', to: 'now' }, from: 1_000_000.4, to: 2_000_000.6 };
const settings: FrontendSettings = {
  appSubUrl: '',
  defaultDatasource: 'TestData',
  datasources: { TestData: { uid: 'td', type: 'grafana-testdata-datasource', name: 'TestData' } },
};
const tagsQuery: AnnotationQuery = { name: 'Deploys', datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, iconColor: 'red', target: { type: 'tags', tags: ['deploy', 'prod'], matchAny: true, limit: 50 } };

function event(partial: Partial<AnnotationEvent>): AnnotationEvent {
  return { key: 'k', source: 's', sourceKind: 'dashboard', color: '#fff', time: 0, text: '', tags: [], ...partial };
}

describe('annotation queries', () => {
  it('adds the built-in query when the dashboard lacks it', () => {
    expect(annotationQueries({ uid: 'd', title: 'D' })).toEqual([BUILT_IN_QUERY]);
    const own = { builtIn: 1, name: 'Mine', enable: false };
    expect(annotationQueries({ uid: 'd', title: 'D', annotations: { list: [own, tagsQuery] } })).toEqual([own, tagsQuery]);
  });

  it('tells the kinds apart, old and new spellings', () => {
    expect(queryKind(BUILT_IN_QUERY)).toBe('dashboard');
    expect(queryKind(tagsQuery)).toBe('tags');
    expect(queryKind({ datasource: '-- Grafana --', type: 'tags', tags: ['a'] })).toBe('tags');
    expect(queryKind({ datasource: { type: 'grafana-testdata-datasource', uid: 'td' } })).toBe('datasource');
  });

  it('asks the API for this dashboard, or for the tags', () => {
    const dashboard = grafanaAnnotationParams(BUILT_IN_QUERY, 'abc', range);
    expect(Object.fromEntries(dashboard)).toEqual({ from: '1000000', to: '2000001', limit: '100', dashboardUID: 'abc', type: 'dashboard' });
    const tags = grafanaAnnotationParams(tagsQuery, 'abc', range);
    expect(tags.getAll('tags')).toEqual(['deploy', 'prod']);
    expect(tags.get('matchAny')).toBe('true');
    expect(tags.get('limit')).toBe('50');
    expect(tags.has('dashboardUID')).toBe(false);
    const legacy = grafanaAnnotationParams({ datasource: '-- Grafana --', type: 'tags', tags: ['a', ''], matchAny: false, limit: 7 }, 'abc', range);
    expect(legacy.toString()).toBe('from=1000000&to=2000001&limit=7&tags=a&type=tags');
  });

  it('reads API answers into events with the query colour', () => {
    const [first, second] = eventsFromJson(
      [
        { id: 1, time: 10, timeEnd: 10, text: 'restart', tags: ['ops'], login: 'admin', panelId: 0 },
        { id: 2, time: 20, timeEnd: 30, tags: null, panelId: 4 },
      ],
      tagsQuery,
    );
    expect(first).toMatchObject({ id: 1, time: 10, timeEnd: undefined, text: 'restart', tags: ['ops'], login: 'admin', source: 'Deploys', sourceKind: 'tags', panelId: undefined });
    expect(first!.color).not.toBe('red');
    expect(second).toMatchObject({ time: 20, timeEnd: 30, text: '', tags: [], panelId: 4 });
  });

  it('sends a data source query with its target, or with the legacy fields', () => {
    const dashboard: DashboardModel = { uid: 'dash', title: 'D' };
    const modern = dataSourceAnnotationRequest({ name: 'A', datasource: { uid: 'td' }, enable: true, target: { scenarioId: 'csv_content', csvContent: 'time,text' } }, { dashboard, settings, range });
    expect(modern?.queries).toEqual([{ scenarioId: 'csv_content', csvContent: 'time,text', refId: 'Anno', datasource: { uid: 'td', type: 'grafana-testdata-datasource' }, intervalMs: 1000, maxDataPoints: 1000 }]);
    expect(modern?.dashboardUID).toBe('dash');
    const legacy = dataSourceAnnotationRequest({ name: 'B', datasource: 'TestData', enable: true, iconColor: 'red', expr: 'up == 0', step: '60s' }, { dashboard, settings, range });
    expect(legacy?.queries[0]).toMatchObject({ expr: 'up == 0', step: '60s', refId: 'Anno' });
    expect(legacy?.queries[0]).not.toHaveProperty('iconColor');
  });

  it('reads events out of frames, by name, by mapping and by type', () => {
    const frames: Frame[] = [
      {
        fields: [
          { name: 'time', type: 'time', values: [100, 200, null], config: {} },
          { name: 'timeEnd', type: 'number', values: [150, 150, 1], config: {} },
          { name: 'text', type: 'string', values: ['one', 'two', 'x'], config: {} },
          { name: 'tags', type: 'string', values: ['a, b', null, ''], config: {} },
        ],
      },
      { fields: [{ name: 'value', type: 'number', values: [1], config: {} }] },
      {
        fields: [
          { name: 'ts', type: 'time', values: ['1970-01-01T00:00:01Z'], config: {} },
          { name: 'msg', type: 'string', values: ['by type'], config: {} },
        ],
      },
    ];
    const events = eventsFromFrames(frames, { name: 'CSV', iconColor: '#ff0000' });
    expect(events.map(({ time, timeEnd, text, tags }) => ({ time, timeEnd, text, tags }))).toEqual([
      { time: 100, timeEnd: 150, text: 'one', tags: ['a', 'b'] },
      { time: 200, timeEnd: undefined, text: 'two', tags: [] },
      { time: 1000, timeEnd: undefined, text: 'by type', tags: [] },
    ]);
    expect(events[0]).toMatchObject({ sourceKind: 'datasource', color: '#ff0000', source: 'CSV' });
    const mapped = eventsFromFrames(frames.slice(2), { name: 'M', mappings: { text: { source: 'field', value: 'ts' } } });
    expect(mapped[0]!.text).toBe('1970-01-01T00:00:01Z');
  });

  it('merges sources in time order, each API annotation once', () => {
    const merged = mergeAnnotations([
      [event({ key: 'a', id: 1, time: 30, source: 'built-in' }), event({ key: 'b', id: 2, time: 10 })],
      [event({ key: 'c', id: 1, time: 30, source: 'tags' }), event({ key: 'd', time: 20, sourceKind: 'datasource' }), event({ key: 'e', time: 20, sourceKind: 'datasource' })],
    ]);
    expect(merged.map((entry) => entry.key)).toEqual(['b', 'd', 'e', 'a']);
    expect(merged.find((entry) => entry.id === 1)?.source).toBe('built-in');
  });

  it('shows a panel its own and the dashboard-wide annotations, as the filter allows', () => {
    const events = [
      event({ key: 'all' }),
      event({ key: 'mine', panelId: 2 }),
      event({ key: 'other', panelId: 3 }),
      event({ key: 'tagged-other', panelId: 3, sourceKind: 'tags' }),
      event({ key: 'only-2', sourceKind: 'datasource', filter: { ids: [2] } }),
      event({ key: 'not-2', sourceKind: 'datasource', filter: { exclude: true, ids: [2] } }),
    ];
    expect(eventsForPanel(events, 2).map((entry) => entry.key)).toEqual(['all', 'mine', 'tagged-other', 'only-2']);
    expect(eventsForPanel(events, 5).map((entry) => entry.key)).toEqual(['all', 'tagged-other', 'not-2']);
  });

  it('fills variables into tags and data source queries', () => {
    const variables = statesOf(variable({ name: 'service', multi: true }, ['api', 'web', 'db'], ['api', 'web']), variable({ name: 'ds' }, ['td'], ['td']));
    expect(interpolateTags(['deploy', '$service', ''], { variables })).toEqual(['deploy', 'api', 'web']);
    const params = grafanaAnnotationParams({ datasource: '-- Grafana --', type: 'tags', tags: ['${service}', 'team'] }, 'abc', range, variables);
    expect(params.getAll('tags')).toEqual(['api', 'web', 'team']);
    const request = dataSourceAnnotationRequest(
      { name: 'A', datasource: { uid: '${ds}' }, target: { refId: 'Anno', scenarioId: 'csv_content', csvContent: 'time,text\n1,$service' } },
      { dashboard: { uid: 'dash', title: 'D' }, settings, range, variables },
    );
    expect(request?.queries[0]).toMatchObject({ datasource: { uid: 'td' }, csvContent: 'time,text\n1,{api,web}' });
  });

  it('turns runs of non-zero samples of a time series into events, as Prometheus annotations do', () => {
    const frame: Frame = {
      fields: [
        { name: 'Time', type: 'time', values: [0, 60, 120, 180, 240, 300, 420], config: {} },
        { name: 'Value', type: 'number', values: [0, 1, 1, 0, 1, null, 1], labels: { alertname: 'HighLatency', severity: 'page', instance: 'a' }, config: {} },
      ],
    };
    const query: AnnotationQuery = { name: 'Alerts', datasource: { type: 'prometheus', uid: 'p' }, expr: 'ALERTS', titleFormat: '{{alertname}}', textFormat: 'on {{ instance }}', tagKeys: 'severity, missing' };
    const events = eventsFromFrames([frame], query);
    expect(events.map(({ time, timeEnd, title, text, tags }) => ({ time, timeEnd, title, text, tags }))).toEqual([
      { time: 60, timeEnd: 120, title: 'HighLatency', text: 'on a', tags: ['page'] },
      { time: 240, timeEnd: undefined, title: 'HighLatency', text: 'on a', tags: ['page'] },
      { time: 420, timeEnd: undefined, title: 'HighLatency', text: 'on a', tags: ['page'] },
    ]);
    // A step wider than the gaps joins runs that have no zero between them.
    const stepped = eventsFromFrames([{ fields: [frame.fields[0]!, { ...frame.fields[1]!, values: [1, 1, 1, 1, 1, 1, 1] }] }], { ...query, step: '2m' });
    expect(stepped.map(({ time, timeEnd }) => [time, timeEnd])).toEqual([[0, 420]]);
  });
});

describe('annotationVariablesKey', () => {
  const dashboard: DashboardModel = {
    uid: 'dash',
    title: 'D',
    templating: { list: [{ name: 'env', type: 'custom' }, { name: 'host', type: 'custom' }, { name: 'unused', type: 'custom' }] },
  };
  const tagged: AnnotationQuery = { name: 'Deploys', datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, type: 'tags', tags: ['deploy-$host'] };
  const loaded = (env: string, unused: string) =>
    statesOf(variable({ name: 'env' }, ['prod', 'dev'], [env]), variable({ name: 'host', allValue: '$env-.*' }, ['a', 'b'], 'all'), variable({ name: 'unused' }, ['x', 'y'], [unused]));

  it('is empty without variables or references', () => {
    expect(annotationVariablesKey([BUILT_IN_QUERY], dashboard, undefined)).toBe('');
    expect(annotationVariablesKey([BUILT_IN_QUERY], dashboard, loaded('prod', 'x'))).toBe('[]');
  });

  it('changes only when a referenced value changes, not with a new map of the same values', () => {
    const key = annotationVariablesKey([tagged], dashboard, loaded('prod', 'x'));
    expect(annotationVariablesKey([tagged], dashboard, loaded('prod', 'x'))).toBe(key);
    // `unused` is not referenced; `env` is, through the custom All value of `host`.
    expect(annotationVariablesKey([tagged], dashboard, loaded('prod', 'y'))).toBe(key);
    expect(annotationVariablesKey([tagged], dashboard, loaded('dev', 'x'))).not.toBe(key);
  });

  it('waits while a referenced variable is not loaded yet', () => {
    expect(annotationVariablesKey([tagged], dashboard, new Map())).toBeUndefined();
    const states = loaded('prod', 'x');
    states.set('host', { ...states.get('host')!, loading: true });
    expect(annotationVariablesKey([tagged], dashboard, states)).toBeUndefined();
    // A variable the queries do not read may still be loading.
    const other = loaded('prod', 'x');
    other.set('unused', { ...other.get('unused')!, loading: true });
    expect(annotationVariablesKey([tagged], dashboard, other)).toBeDefined();
  });
});
