import { describe, expect, it } from 'vitest';
import type { DashboardModel, FrontendSettings, PanelModel } from '../../api/types';
import { statesOf, variable } from '../variables/testing';
import { buildPanelQuery, resolveDataSource } from './queries';

const settings: FrontendSettings = {
  appSubUrl: '',
  defaultDatasource: 'TestData',
  datasources: {
    TestData: { uid: 'td1', type: 'grafana-testdata-datasource', name: 'TestData' },
    Prom: { uid: 'prom1', type: 'prometheus', name: 'Prom' },
    '-- Mixed --': { uid: '-- Mixed --', type: 'datasource', name: '-- Mixed --' },
  },
};

const dashboard: DashboardModel = {
  uid: 'dash',
  title: 'Dash',
  templating: { list: [{ name: 'ds', type: 'datasource', current: { value: 'prom1' } }] },
};

const range = { raw: { from: 'now-6h', to: 'now' }, from: 0, to: 6 * 3_600_000 };

describe('resolveDataSource', () => {
  it('uses the default for a panel without data source', () => {
    expect(resolveDataSource(undefined, settings)).toEqual({ uid: 'td1', type: 'grafana-testdata-datasource' });
    expect(resolveDataSource(null, settings)).toEqual({ uid: 'td1', type: 'grafana-testdata-datasource' });
  });

  it('resolves references by uid, legacy name and variable', () => {
    expect(resolveDataSource({ uid: 'prom1' }, settings)).toEqual({ uid: 'prom1', type: 'prometheus' });
    expect(resolveDataSource('Prom', settings)).toEqual({ uid: 'prom1', type: 'prometheus' });
    expect(resolveDataSource({ uid: '${ds}', type: 'prometheus' }, settings, dashboard.templating)).toEqual({ uid: 'prom1', type: 'prometheus' });
    expect(resolveDataSource({ type: 'prometheus' }, settings)).toEqual({ uid: 'prom1', type: 'prometheus' });
  });

  it('passes unknown uids on for the server to refuse', () => {
    expect(resolveDataSource({ uid: 'gone', type: 'loki' }, settings)).toEqual({ uid: 'gone', type: 'loki' });
  });
});

describe('buildPanelQuery', () => {
  const panel: PanelModel = {
    type: 'timeseries',
    targets: [{ refId: 'A', scenarioId: 'random_walk' }, { scenarioId: 'random_walk', hide: true }, { scenarioId: 'csv_metric_values' }],
  };

  it('sends the visible targets with data source, interval and points', () => {
    const request = buildPanelQuery(panel, { dashboard, settings, range, width: 1000 })!;
    expect(request.from).toBe('0');
    expect(request.to).toBe(String(6 * 3_600_000));
    expect(request.dashboardUID).toBe('dash');
    expect(request.queries).toEqual([
      { refId: 'A', scenarioId: 'random_walk', datasource: { uid: 'td1', type: 'grafana-testdata-datasource' }, intervalMs: 20_000, maxDataPoints: 1000 },
      { refId: 'C', scenarioId: 'csv_metric_values', datasource: { uid: 'td1', type: 'grafana-testdata-datasource' }, intervalMs: 20_000, maxDataPoints: 1000 },
    ]);
  });

  it('sends hidden targets when an expression may read them', () => {
    const withExpression: PanelModel = {
      type: 'timeseries',
      targets: [
        { refId: 'A', scenarioId: 'random_walk', hide: true },
        { refId: 'B', datasource: { uid: '__expr__', type: '__expr__' }, type: 'math', expression: '$A * 2' },
      ],
    };
    const request = buildPanelQuery(withExpression, { dashboard, settings, range, width: 1000 })!;
    expect(request.queries.map((query) => [query.refId, query.hide ?? false, (query.datasource as { uid: string }).uid])).toEqual([
      ['A', true, 'td1'],
      ['B', false, '__expr__'],
    ]);
  });

  it('lets each target pick its data source on a mixed panel', () => {
    const mixed: PanelModel = {
      type: 'timeseries',
      datasource: { uid: '-- Mixed --', type: 'datasource' },
      targets: [{ refId: 'A', datasource: { uid: 'prom1' } }, { refId: 'B', datasource: { uid: 'td1' } }],
    };
    const request = buildPanelQuery(mixed, { dashboard, settings, range, width: 500 })!;
    expect(request.queries.map((query) => query.datasource)).toEqual([
      { uid: 'prom1', type: 'prometheus' },
      { uid: 'td1', type: 'grafana-testdata-datasource' },
    ]);
  });

  it('has nothing to send without targets', () => {
    expect(buildPanelQuery({ type: 'timeseries' }, { dashboard, settings, range, width: 500 })).toBeUndefined();
  });
});

describe('buildPanelQuery with variables', () => {
  const variables = statesOf(
    variable({ name: 'host', multi: true }, ['web-1', 'web.2'], ['web-1', 'web.2']),
    variable({ name: 'count' }, ['3'], ['3']),
    variable({ name: 'ds', type: 'datasource' }, [{ text: 'Prom', value: 'prom1' }], ['prom1']),
    variable({ name: 'step', type: 'interval' }, ['5m'], ['5m']),
  );
  const options = { dashboard, settings, range, width: 1000, variables };

  it('interpolates the targets in the default format of their data source', () => {
    const request = buildPanelQuery(
      { type: 'timeseries', title: '$host', targets: [{ refId: 'A', scenarioId: 'random_walk', alias: '$host', seriesCount: '$count', labels: 'h=${host:csv}', stringInput: '$__interval|$__interval_ms|$__rate_interval' }] },
      options,
    )!;
    expect(request.queries[0]).toMatchObject({ refId: 'A', alias: '{web-1,web.2}', seriesCount: '3', labels: 'h=web-1,web.2', stringInput: '20s|20000|$__rate_interval' });
  });

  it('resolves a data source variable and leaves Prometheus its own interval', () => {
    const request = buildPanelQuery({ type: 'timeseries', datasource: { uid: '${ds}' }, targets: [{ refId: 'A', expr: 'rate(x{host=~"$host"}[$__interval])' }] }, options)!;
    expect(request.queries[0]).toMatchObject({ datasource: { uid: 'prom1', type: 'prometheus' }, expr: 'rate(x{host=~"(web-1|web\\\\.2)"}[$__interval])' });
  });

  it('uses a repeated clone scoped value', () => {
    const request = buildPanelQuery({ type: 'timeseries', scopedVars: { host: { text: 'web-1', value: 'web-1' } }, targets: [{ refId: 'A', alias: '$host' }] }, options)!;
    expect(request.queries[0]!.alias).toBe('web-1');
  });

  it('never interpolates expressions', () => {
    const request = buildPanelQuery(
      { type: 'timeseries', datasource: { uid: '-- Mixed --' }, targets: [{ refId: 'A', datasource: { uid: 'td1' } }, { refId: 'count', datasource: { uid: '__expr__', type: '__expr__' }, type: 'math', expression: '$A * $count' }] },
      options,
    )!;
    expect(request.queries[1]!.expression).toBe('$A * $count');
  });

  it('reads the minimum interval from a variable', () => {
    const request = buildPanelQuery({ type: 'timeseries', interval: '$step', targets: [{ refId: 'A' }] }, options)!;
    expect(request.queries[0]!.intervalMs).toBe(300_000);
  });
});
