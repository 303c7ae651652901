import { afterEach, describe, expect, it, vi } from 'vitest';
import { framesFromJson } from '../../lib/data/frames';
import { fetchOptions, metricTree, optionsFromFrame, type VariableQuery } from './sources';

const range = { raw: { from: 'now-1h', to: 'now' }, from: 1_000_000, to: 4_600_500 };

function stubFetch(answer: (url: URL, init?: RequestInit) => unknown) {
  const calls: { url: URL; body?: unknown }[] = [];
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://sightline.test/');
    calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return Promise.resolve(new Response(JSON.stringify(answer(url, init)), { status: 200, headers: { 'Content-Type': 'application/json' } }));
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const query = (text: string, type: string, model: unknown = text): VariableQuery => ({ query: model, text, datasource: { uid: 'ds1', type }, range, dashboardUid: 'd' });
const signal = new AbortController().signal;

describe('TestData metric tree', () => {
  it('selects nodes by *, {a,b} and name', () => {
    expect(metricTree('*')).toEqual(['A', 'B', 'C']);
    expect(metricTree('A.*')).toEqual(['AA', 'AB', 'AC']);
    expect(metricTree('{A,C}.*')).toEqual(['AA', 'AB', 'AC', 'CA', 'CB', 'CC']);
    expect(metricTree('B.BC')).toEqual(['BC']);
    expect(metricTree('X.*')).toEqual([]);
    expect(metricTree('value1')).toEqual(['value1']);
  });

  it('answers TestData variable queries without the network', async () => {
    const calls = stubFetch(() => ({}));
    expect(await fetchOptions(query('*', 'grafana-testdata-datasource'), signal)).toEqual([
      { text: 'A', value: 'A' },
      { text: 'B', value: 'B' },
      { text: 'C', value: 'C' },
    ]);
    expect(calls).toHaveLength(0);
  });
});

describe('Prometheus variable queries', () => {
  it('reads label values through the data source resources', async () => {
    const calls = stubFetch(() => ({ status: 'success', data: ['a', 'b'] }));
    expect((await fetchOptions(query('label_values(job)', 'prometheus'), signal)).map((option) => option.value)).toEqual(['a', 'b']);
    expect(calls[0]!.url.pathname).toBe('/api/datasources/uid/ds1/resources/api/v1/label/job/values');
    expect(calls[0]!.url.searchParams.get('start')).toBe('1000');
    expect(calls[0]!.url.searchParams.get('end')).toBe('4601');
    await fetchOptions(query('label_values(up{job="x"}, instance)', 'prometheus'), signal);
    expect(calls[1]!.url.pathname).toBe('/api/datasources/uid/ds1/resources/api/v1/label/instance/values');
    expect(calls[1]!.url.searchParams.get('match[]')).toBe('up{job="x"}');
    await fetchOptions(query('label_names()', 'prometheus'), signal);
    expect(calls[2]!.url.pathname).toBe('/api/datasources/uid/ds1/resources/api/v1/labels');
  });

  it('filters metric names with metrics(regex)', async () => {
    stubFetch(() => ({ status: 'success', data: ['up', 'http_requests_total', 'http_errors_total', 'go_gc'] }));
    expect((await fetchOptions(query('metrics(^http_)', 'prometheus'), signal)).map((option) => option.text)).toEqual(['http_requests_total', 'http_errors_total']);
  });

  it('writes query_result(...) samples as Grafana does', async () => {
    const calls = stubFetch(() => ({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'api' }, value: [1700, '1'] }] } }));
    expect((await fetchOptions(query('query_result(up)', 'prometheus'), signal))[0]!.text).toBe('up{job="api"} 1 1700000');
    expect(calls[0]!.url.pathname).toBe('/api/datasources/uid/ds1/resources/api/v1/query');
    expect(calls[0]!.url.searchParams.get('query')).toBe('up');
  });

  it('reads a bare selector as a series query', async () => {
    const calls = stubFetch(() => ({ status: 'success', data: [{ __name__: 'up', job: 'a' }] }));
    expect((await fetchOptions(query('up{job="a"}', 'prometheus'), signal))[0]!.text).toBe('up{job="a"}');
    expect(calls[0]!.url.pathname).toBe('/api/datasources/uid/ds1/resources/api/v1/series');
  });

  it('reports Prometheus errors', async () => {
    stubFetch(() => ({ status: 'error', error: 'bad selector' }));
    await expect(fetchOptions(query('label_values(x{, y)', 'prometheus'), signal)).rejects.toThrow('bad selector');
  });
});

describe('other data sources', () => {
  it('run the query through /api/ds/query and read the first frame', async () => {
    const calls = stubFetch(() => ({
      results: { 'variable-query': { frames: [{ schema: { fields: [{ name: 'host', type: 'string' }] }, data: { values: [['a', 'b', null]] } }] } },
    }));
    const options = await fetchOptions(query('SELECT host FROM hosts', 'grafana-postgresql-datasource'), signal);
    expect(options.map((option) => option.value)).toEqual(['a', 'b']);
    const body = calls[0]!.body as { queries: Record<string, unknown>[]; from: string };
    expect(calls[0]!.url.pathname).toBe('/api/ds/query');
    expect(body.queries[0]).toMatchObject({ refId: 'variable-query', rawSql: 'SELECT host FROM hosts', format: 'table', datasource: { uid: 'ds1' } });
    expect(body.from).toBe(String(range.from));
  });

  it('send a query model object as it is', async () => {
    const calls = stubFetch(() => ({ results: { 'variable-query': { frames: [] } } }));
    await fetchOptions(query('x', 'loki', { query: 'x', type: 1, refId: 'old' }), signal);
    expect((calls[0]!.body as { queries: Record<string, unknown>[] }).queries[0]).toMatchObject({ query: 'x', type: 1, refId: 'variable-query' });
  });

  it('report a query error', async () => {
    stubFetch(() => ({ results: { 'variable-query': { error: 'syntax error', status: 400 } } }));
    await expect(fetchOptions(query('SELEC', 'mysql'), signal)).rejects.toThrow('syntax error');
  });

  it('pair __text and __value fields', () => {
    const frame = framesFromJson({
      schema: { fields: [{ name: '__value', type: 'number' }, { name: '__text', type: 'string' }] },
      data: { values: [[1, 2], ['one', 'two']] },
    });
    expect(optionsFromFrame(frame)).toEqual([
      { text: 'one', value: '1' },
      { text: 'two', value: '2' },
    ]);
  });

  it('skip time fields', () => {
    const frame = framesFromJson({ schema: { fields: [{ name: 'time', type: 'time' }, { name: 'v', type: 'number' }] }, data: { values: [[1, 2], [3, 4]] } });
    expect(optionsFromFrame(frame).map((option) => option.value)).toEqual(['3', '4']);
  });
});
