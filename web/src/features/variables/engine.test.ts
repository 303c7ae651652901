import { describe, expect, it } from 'vitest';
import type { FrontendSettings } from '../../api/types';
import { dependencies, initialStates, onLoad, onTimeRangeChange, refreshOrder, refreshVariables, variableModels, withDependents, type RefreshEnvironment } from './engine';
import type { VariableModel, VariableState } from './model';
import type { VariableQuery } from './sources';
import { selectionFromUrl, urlValues, writeVariablesToUrl } from './url';

const settings: FrontendSettings = {
  appSubUrl: '',
  defaultDatasource: 'TestData',
  datasources: { TestData: { uid: 'td', type: 'grafana-testdata-datasource', name: 'TestData' }, Prom: { uid: 'prom', type: 'prometheus', name: 'Prom' } },
};
const range = { raw: { from: 'now-1h', to: 'now' }, from: 0, to: 3_600_000 };

// region → dc (query on $region) → host (query on $dc and $region); unrelated text box; a
// custom list that refers to $dc.
const models: VariableModel[] = [
  { name: 'host', type: 'query', datasource: { uid: 'prom' }, query: 'label_values(up{dc=~"$dc",region="$region"}, host)', multi: true, includeAll: true, refresh: 2, current: { value: ['h2'], text: ['h2'] } },
  { name: 'region', type: 'custom', query: 'eu,us', current: { value: 'eu', text: 'eu' } },
  { name: 'dc', type: 'query', datasource: { uid: 'prom' }, query: { query: 'label_values(up{region="$region"}, dc)', refId: 'x' }, refresh: 1 },
  { name: 'note', type: 'textbox', query: 'hello' },
  { name: 'pick', type: 'custom', query: '$dc-a,$dc-b' },
  { name: 'fixed', type: 'constant', query: 'c1' },
];

/** A fake data source: answers from a table and records what it was asked, in order. */
function fakeEnv(answers: Record<string, string[]>) {
  const asked: string[] = [];
  const controller = new AbortController();
  const env: RefreshEnvironment = {
    settings,
    range,
    dashboard: { uid: 'd', title: 'D' },
    signal: controller.signal,
    fetch: (query: VariableQuery) => {
      asked.push(query.text);
      const found = answers[query.text];
      if (!found) return Promise.reject(new Error(`no answer for ${query.text}`));
      return Promise.resolve(found.map((value) => ({ text: value, value })));
    },
  };
  return { env, asked };
}

const value = (states: Map<string, VariableState>, name: string) => states.get(name)!.current;

describe('dependencies', () => {
  const graph = dependencies(models);

  it('finds references in queries, query models and regexes', () => {
    expect([...graph.get('host')!].sort()).toEqual(['dc', 'region']);
    expect([...graph.get('dc')!]).toEqual(['region']);
    expect([...graph.get('pick')!]).toEqual(['dc']);
    expect(graph.get('region')!.size).toBe(0);
    expect(graph.get('note')!.size).toBe(0);
  });

  it('orders a refresh dependencies first', () => {
    const order = refreshOrder(new Set(['host', 'dc', 'region', 'pick']), graph, models.map((model) => model.name));
    expect(order).toEqual(['region', 'dc', 'host', 'pick']);
  });

  it('survives a cycle', () => {
    const cyclic: VariableModel[] = [
      { name: 'a', type: 'custom', query: '$b' },
      { name: 'b', type: 'custom', query: '$a' },
    ];
    expect(refreshOrder(new Set(['a', 'b']), dependencies(cyclic), ['a', 'b'])).toHaveLength(2);
  });

  it('knows who depends on a variable, directly or not', () => {
    expect([...withDependents(['region'], graph)].sort()).toEqual(['dc', 'host', 'pick', 'region']);
    expect([...withDependents(['host'], graph)]).toEqual(['host']);
  });

  it('refreshes time-range variables and their dependents on a new range', () => {
    expect([...onTimeRangeChange(models, graph)]).toEqual(['host']);
    expect([...onLoad(models)].sort()).toEqual(['dc', 'host', 'pick', 'region']);
  });
});

describe('refreshVariables', () => {
  const answers = {
    'label_values(up{region="eu"}, dc)': ['eu-1', 'eu-2'],
    'label_values(up{region="us"}, dc)': ['us-1'],
    'label_values(up{dc=~"eu-1",region="eu"}, host)': ['h1', 'h2', 'h3'],
    'label_values(up{dc=~"us-1",region="us"}, host)': ['h9'],
  };

  it('loads in dependency order, each seeing the values chosen before it', async () => {
    const { env, asked } = fakeEnv(answers);
    const start = initialStates(models, new URLSearchParams());
    const updates: Map<string, VariableState>[] = [];
    const states = await refreshVariables(start, onLoad(models), env, (next) => updates.push(next));
    expect(asked).toEqual(['label_values(up{region="eu"}, dc)', 'label_values(up{dc=~"eu-1",region="eu"}, host)']);
    expect(value(states, 'region').values).toEqual(['eu']);
    expect(value(states, 'dc').values).toEqual(['eu-1']);
    expect(value(states, 'host').values).toEqual(['h2']);
    expect(states.get('pick')!.options.map((option) => option.value)).toEqual(['eu-1-a', 'eu-1-b']);
    expect(value(states, 'note').values).toEqual(['hello']);
    expect(value(states, 'fixed').values).toEqual(['c1']);
    // Loading flags first, then one update per variable.
    expect([...updates[0]!.values()].filter((state) => state.loading).map((state) => state.model.name).sort()).toEqual(['dc', 'host', 'pick', 'region']);
    expect([...states.values()].some((state) => state.loading)).toBe(false);
  });

  it('refreshes the dependents of a changed variable, chained', async () => {
    const { env, asked } = fakeEnv(answers);
    const loaded = await refreshVariables(initialStates(models, new URLSearchParams()), onLoad(models), env, () => {});
    asked.length = 0;
    const changed = new Map(loaded).set('region', { ...loaded.get('region')!, current: { values: ['us'], texts: ['us'], all: false } });
    const dependents = withDependents(['region'], dependencies(models));
    dependents.delete('region');
    const states = await refreshVariables(changed, dependents, env, () => {}, dependents);
    expect(asked).toEqual(['label_values(up{region="us"}, dc)', 'label_values(up{dc=~"us-1",region="us"}, host)']);
    expect(value(states, 'dc').values).toEqual(['us-1']);
    // h2 is gone: the multi-value variable with All falls back to All.
    expect(value(states, 'host').all).toBe(true);
    expect(states.get('pick')!.options[0]!.value).toBe('us-1-a');
  });

  it('keeps the selection and reports the error when a query fails', async () => {
    const { env } = fakeEnv({});
    const states = await refreshVariables(initialStates(models, new URLSearchParams()), new Set(['dc']), env, () => {});
    expect(states.get('dc')!.error).toMatch(/no answer/);
    expect(states.get('dc')!.loading).toBe(false);
  });

  it('uses saved options of a query variable that never refreshes', async () => {
    const saved: VariableModel[] = [{ name: 'v', type: 'query', refresh: 0, query: 'x', options: [{ text: 'one', value: '1' }], current: { text: 'one', value: '1' } }];
    const { env, asked } = fakeEnv({});
    const states = await refreshVariables(initialStates(saved, new URLSearchParams()), onLoad(saved), env, () => {});
    expect(asked).toEqual([]);
    expect(value(states, 'v').values).toEqual(['1']);
  });
});

describe('URL', () => {
  it('reads var-<name>, several values and $__all', () => {
    const params = new URLSearchParams('var-host=a&var-host=b&var-region=$__all&var-note=hi%20there');
    const start = initialStates(models, params);
    expect(start.get('host')!.current.values).toEqual(['a', 'b']);
    expect(start.get('region')!.current.all).toBe(true);
    expect(start.get('note')!.current.values).toEqual(['hi there']);
    // Constants never come from the URL.
    expect(selectionFromUrl(models[5]!, new URLSearchParams('var-fixed=x'))).toBeUndefined();
    expect(selectionFromUrl({ name: 'x', type: 'custom', skipUrlSync: true }, new URLSearchParams('var-x=1'))).toBeUndefined();
  });

  it('writes every synced variable and keeps other parameters', async () => {
    const { env } = fakeEnv({ 'label_values(up{region="eu"}, dc)': ['eu-1'], 'label_values(up{dc=~"eu-1",region="eu"}, host)': ['h1', 'h2'] });
    const states = await refreshVariables(initialStates(models, new URLSearchParams()), onLoad(models), env, () => {});
    const all = new Map(states).set('host', { ...states.get('host')!, current: { values: ['$__all'], texts: ['All'], all: true } });
    const url = writeVariablesToUrl(new URLSearchParams('from=now-6h&var-gone=1'), all);
    expect(url.toString()).toBe('from=now-6h&var-gone=1&var-host=%24__all&var-region=eu&var-dc=eu-1&var-note=hello&var-pick=eu-1-a');
    expect(urlValues({ values: [], texts: [], all: false })).toEqual(['']);
  });

  it('round-trips: the written URL loads the same selections', async () => {
    const answers = { 'label_values(up{region="us"}, dc)': ['us-1', 'us-2'], 'label_values(up{dc=~"(us-2|us-1)",region="us"}, host)': ['h8', 'h9'] };
    const multiDc = models.map((model) => (model.name === 'dc' ? { ...model, multi: true } : model));
    const params = new URLSearchParams('var-region=us&var-dc=us-2&var-dc=us-1&var-host=h9&var-note=x%26y');
    const { env, asked } = fakeEnv(answers);
    const states = await refreshVariables(initialStates(multiDc, params), onLoad(multiDc), env, () => {});
    expect(asked).toContain('label_values(up{dc=~"(us-2|us-1)",region="us"}, host)');
    const written = writeVariablesToUrl(new URLSearchParams(), states);
    expect(written.getAll('var-dc')).toEqual(['us-2', 'us-1']);
    expect(written.get('var-note')).toBe('x&y');
    const again = await refreshVariables(initialStates(multiDc, written), onLoad(multiDc), fakeEnv(answers).env, () => {});
    for (const name of ['region', 'dc', 'host', 'note', 'pick']) expect(again.get(name)!.current, name).toEqual(states.get(name)!.current);
  });
});

describe('variableModels', () => {
  it('reads templating.list and drops entries without a name', () => {
    expect(variableModels({ list: [{ name: 'a', type: 'custom' }, { type: 'custom' }, null] }).map((model) => model.name)).toEqual(['a']);
    expect(variableModels(undefined)).toEqual([]);
  });
});

describe('interval variables', () => {
  it('read the legacy auto spelling from dashboards and links', async () => {
    const interval: VariableModel[] = [{ name: 'step', type: 'interval', query: '1m,1h', auto: true, current: { text: 'auto', value: '$__auto_interval_step' } }];
    const { env } = fakeEnv({});
    const fromSaved = await refreshVariables(initialStates(interval, new URLSearchParams()), onLoad(interval), env, () => {});
    expect(value(fromSaved, 'step')).toEqual({ values: ['$__auto'], texts: ['auto'], all: false });
    const fromUrl = await refreshVariables(initialStates(interval, new URLSearchParams('var-step=$__auto_interval_step')), onLoad(interval), env, () => {});
    expect(value(fromUrl, 'step').values).toEqual(['$__auto']);
    const picked = await refreshVariables(initialStates(interval, new URLSearchParams('var-step=1h')), onLoad(interval), env, () => {});
    expect(value(picked, 'step').values).toEqual(['1h']);
  });
});

describe('regex with variables', () => {
  it('escapes the values of other variables inside a regex', async () => {
    const chained: VariableModel[] = [
      { name: 'prefix', type: 'custom', query: 'a.b(', current: { value: 'a.b(', text: 'a.b(' } },
      { name: 'names', type: 'query', datasource: { uid: 'td' }, query: 'q', regex: '/^$prefix(.*)/', refresh: 1 },
    ];
    const { env } = fakeEnv({ q: ['a.b(1', 'aXb(2', 'a.b(3'] });
    const states = await refreshVariables(initialStates(chained, new URLSearchParams()), onLoad(chained), env, () => {});
    expect(states.get('names')!.error).toBeUndefined();
    expect(states.get('names')!.options.map((option) => option.value)).toEqual(['1', '3']);
  });
});

describe('data source variables', () => {
  const promSettings: FrontendSettings = {
    appSubUrl: '',
    defaultDatasource: 'Prom B',
    datasources: { 'Prom A': { uid: 'pa', type: 'prometheus', name: 'Prom A' }, 'Prom B': { uid: 'pb', type: 'prometheus', name: 'Prom B' } },
  };
  const refresh = (model: VariableModel, params = '') => {
    const { env } = fakeEnv({});
    return refreshVariables(initialStates([model], new URLSearchParams(params)), onLoad([model]), { ...env, settings: promSettings }, () => {});
  };

  it('start on the default data source, read a saved name, and keep the uid as value', async () => {
    expect(value(await refresh({ name: 'ds', type: 'datasource', query: 'prometheus' }), 'ds')).toEqual({ values: ['pb'], texts: ['Prom B'], all: false });
    expect(value(await refresh({ name: 'ds', type: 'datasource', query: 'prometheus', current: { text: 'Prom A', value: 'Prom A' } }), 'ds').values).toEqual(['pa']);
    expect(value(await refresh({ name: 'ds', type: 'datasource', query: 'prometheus' }, 'var-ds=pa'), 'ds').values).toEqual(['pa']);
  });
});
