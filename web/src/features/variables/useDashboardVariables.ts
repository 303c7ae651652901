// The variables of the open dashboard as React state: read from the URL (else the saved
// `current`) when the dashboard opens, refreshed in dependency order (on load; query
// variables set to it on a time range change; dependents when a value changes), written
// back to the URL as `var-<name>` (a new history entry per change), and re-read when the
// URL changes under them (back and forward).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DashboardModel, FrontendSettings } from '../../api/types';
import type { TimeRange } from '../../lib/time/range';
import { dependencies, initialStates, onLoad, onTimeRangeChange, refreshVariables, variableModels, withDependents, type RefreshEnvironment } from './engine';
import type { Selection, VariableModel, VariableState, VariableStates } from './model';
import { validateSelection } from './options';
import { fetchOptions, type OptionFetcher } from './sources';
import { selectionFromUrl, variablesSignature, writeVariablesToUrl } from './url';

type SetParams = (update: (current: URLSearchParams) => URLSearchParams, options?: { replace?: boolean }) => void;

export interface DashboardVariables {
  /** Every variable in the dashboard's order. */
  states: VariableStates;
  /** The first refresh is done: panels may query. */
  ready: boolean;
  setSelection: (name: string, selection: Selection) => void;
}

interface Options {
  dashboard?: DashboardModel;
  settings?: FrontendSettings;
  range: TimeRange;
  params: URLSearchParams;
  setParams: SetParams;
  /** Tests swap the data sources out. */
  fetch?: OptionFetcher;
}

const NO_VARIABLES: VariableStates = new Map();

function sameSelection(a: Selection, b: Selection): boolean {
  return a.all === b.all && a.values.length === b.values.length && a.values.every((value, index) => value === b.values[index]);
}

export function useDashboardVariables({ dashboard, settings, range, params, setParams, fetch = fetchOptions }: Options): DashboardVariables {
  const models = useMemo<VariableModel[]>(() => variableModels(dashboard?.templating), [dashboard]);
  const graph = useMemo(() => dependencies(models), [models]);
  const [loaded, setLoaded] = useState<{ dashboard: DashboardModel; states: VariableStates; ready: boolean }>();
  const current = loaded && loaded.dashboard === dashboard ? loaded : undefined;

  // The latest values, for callbacks and effects that must not re-run on every update.
  // `setParams` too: react-router makes a new one on every URL change.
  const latest = useRef({ states: NO_VARIABLES, range, settings, dashboard, params, setParams });
  useLayoutEffect(() => {
    latest.current = { states: current?.states ?? NO_VARIABLES, range, settings, dashboard, params, setParams };
  });
  const run = useRef<AbortController | undefined>(undefined);
  /** The `var-*` part of the URL as last written or applied. */
  const writtenSignature = useRef<string | undefined>(undefined);

  const writeUrl = useCallback(
    (states: VariableStates, replace: boolean) => {
      const next = writeVariablesToUrl(latest.current.params, states);
      const signature = variablesSignature(next);
      writtenSignature.current = signature;
      if (signature === variablesSignature(latest.current.params)) return;
      latest.current.setParams((params) => writeVariablesToUrl(params, states), { replace });
    },
    [],
  );

  /** Refreshes `names` (and whatever an interrupted run left loading) from `start`. */
  const refresh = useCallback(
    (start: VariableStates, names: Set<string>, forced: Set<string>, urlMode: 'replace' | 'push') => {
      const { dashboard: board, settings: config, range: timeRange } = latest.current;
      if (!board || !config) return;
      run.current?.abort();
      const controller = new AbortController();
      run.current = controller;
      for (const [name, state] of start) if (state.loading) names.add(name);
      const env: RefreshEnvironment = { settings: config, range: timeRange, dashboard: { uid: board.uid, title: board.title }, fetch, signal: controller.signal };
      const publish = (states: Map<string, VariableState>, ready?: boolean) => {
        if (controller.signal.aborted) return;
        latest.current.states = states;
        setLoaded((previous) => ({ dashboard: board, states, ready: ready ?? (previous?.dashboard === board && previous.ready) }));
      };
      void refreshVariables(start, names, env, (states) => publish(states), forced).then((states) => {
        if (controller.signal.aborted) return;
        publish(states, true);
        writeUrl(states, urlMode === 'replace');
      });
    },
    [fetch, writeUrl],
  );

  // A dashboard opens: URL or saved values, then every variable with options refreshed.
  useEffect(() => {
    if (!dashboard || !settings) return;
    const states = initialStates(models, new URLSearchParams(latest.current.params));
    latest.current.states = states;
    writtenSignature.current = variablesSignature(latest.current.params);
    setLoaded({ dashboard, states, ready: models.length === 0 });
    if (models.length > 0) refresh(states, onLoad(models), new Set(), 'replace');
    return () => run.current?.abort();
  }, [dashboard, settings, models, refresh]);

  // A new time range (or a refresh): query variables that follow it.
  const seenRange = useRef<TimeRange | undefined>(undefined);
  useEffect(() => {
    const previous = seenRange.current;
    seenRange.current = range;
    if (!previous || previous === range || !current?.ready) return;
    const names = onTimeRangeChange(models, graph);
    if (names.size > 0) refresh(latest.current.states, names, new Set(names), 'replace');
  }, [range, models, graph, current?.ready, refresh]);

  const setSelection = useCallback(
    (name: string, selection: Selection) => {
      const start = latest.current.states;
      const state = start.get(name);
      if (!state) return;
      const next = new Map(start).set(name, { ...state, current: selection });
      const dependents = withDependents([name], graph);
      dependents.delete(name);
      latest.current.states = next;
      setLoaded((previous) => previous && { ...previous, states: next });
      if (dependents.size === 0) {
        writeUrl(next, false);
        return;
      }
      refresh(next, dependents, new Set(dependents), 'push');
    },
    [graph, refresh, writeUrl],
  );

  // Back/forward (or a pasted link on the same dashboard): apply `var-*` values that differ.
  const urlSignature = variablesSignature(params);
  useEffect(() => {
    if (!current?.ready || urlSignature === writtenSignature.current) return;
    writtenSignature.current = urlSignature;
    const start = latest.current.states;
    const changed: string[] = [];
    const next = new Map(start);
    for (const [name, state] of start) {
      const wanted = selectionFromUrl(state.model, latest.current.params);
      if (!wanted) continue;
      const selection = state.model.type === 'textbox' ? { values: [wanted.values[0] ?? ''], texts: [wanted.values[0] ?? ''], all: false } : validateSelection(state.model, state.options, wanted);
      if (sameSelection(selection, state.current)) continue;
      next.set(name, { ...state, current: selection });
      changed.push(name);
    }
    if (changed.length === 0) return;
    const dependents = withDependents(changed, graph);
    for (const name of changed) dependents.delete(name);
    latest.current.states = next;
    setLoaded((previous) => previous && { ...previous, states: next });
    if (dependents.size > 0) refresh(next, dependents, new Set(dependents), 'replace');
  }, [urlSignature, current?.ready, graph, refresh]);

  // Without variables there is nothing to wait for.
  return { states: current?.states ?? NO_VARIABLES, ready: current?.ready ?? (dashboard !== undefined && models.length === 0), setSelection };
}
