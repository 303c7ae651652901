// The dashboard's annotations for every panel below it: loaded once per time range (and
// refresh, which makes a new range) rather than once per panel, and switched on and off by
// the toggles in the dashboard controls. Panels read theirs with `usePanelAnnotations`.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DashboardModel, FrontendSettings } from '../../api/types';
import type { TimeRange } from '../../lib/time/range';
import type { VariableStates } from '../variables/model';
import { loadAnnotations, type LoadedAnnotations } from './load';
import { annotationQueries, annotationVariablesKey, eventsForPanel } from './queries';
import type { AnnotationEvent, AnnotationQuery } from './types';

interface AnnotationsValue {
  queries: AnnotationQuery[];
  /** Whether each query (by index in `queries`) is on. */
  enabled: boolean[];
  toggle: (index: number) => void;
  events: AnnotationEvent[];
  errors: LoadedAnnotations['errors'];
}

const EMPTY: AnnotationEvent[] = [];
const AnnotationsContext = createContext<AnnotationsValue>({ queries: [], enabled: [], toggle: () => {}, events: EMPTY, errors: [] });
/** The id of the panel drawing below; set by the panel's frame. */
const PanelIdContext = createContext<number | undefined>(undefined);

export interface AnnotationsProviderProps {
  dashboard: DashboardModel;
  settings: FrontendSettings;
  range: TimeRange;
  /** The dashboard's variables, for `$var` in tags and data source queries. */
  variables?: VariableStates;
  children: ReactNode;
}

export function AnnotationsProvider({ dashboard, settings, range, variables, children }: AnnotationsProviderProps) {
  const queries = useMemo(() => annotationQueries(dashboard), [dashboard]);
  const [switched, setSwitched] = useState<{ queries: AnnotationQuery[]; on: boolean[] }>();
  const enabled = useMemo(() => (switched?.queries === queries ? switched.on : queries.map((query) => query.enable !== false)), [switched, queries]);
  const toggle = useCallback(
    (index: number) => setSwitched({ queries, on: enabled.map((on, position) => (position === index ? !on : on)) }),
    [queries, enabled],
  );
  const [loaded, setLoaded] = useState<LoadedAnnotations>({ events: EMPTY, errors: [] });

  const active = useMemo(() => queries.filter((_, index) => enabled[index]), [queries, enabled]);
  // Load again only when a variable the queries refer to changes value (not on every new map
  // of the variables), once those variables are loaded: one request per query and range.
  const variablesKey = annotationVariablesKey(active, dashboard, variables);
  const latestVariables = useRef(variables);
  useLayoutEffect(() => {
    latestVariables.current = variables;
  }, [variables]);

  useEffect(() => {
    if (active.length === 0 || variablesKey === undefined) return;
    const controller = new AbortController();
    loadAnnotations(active, { dashboard, settings, range, variables: latestVariables.current, signal: controller.signal })
      .then((result) => {
        if (!controller.signal.aborted) setLoaded(result);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ events: EMPTY, errors: [{ source: 'Annotations', message: String(error) }] });
      });
    return () => controller.abort();
  }, [active, variablesKey, dashboard, settings, range]);

  // With every query off, what was loaded before is not shown.
  const anyOn = enabled.some(Boolean);
  const value = useMemo(
    () => ({ queries, enabled, toggle, events: anyOn ? loaded.events : EMPTY, errors: anyOn ? loaded.errors : [] }),
    [queries, enabled, toggle, loaded, anyOn],
  );
  return <AnnotationsContext.Provider value={value}>{children}</AnnotationsContext.Provider>;
}

export function useAnnotations(): AnnotationsValue {
  return useContext(AnnotationsContext);
}

/** Marks the panel whose body is drawn below, so its drawing reads its own annotations. */
export function PanelAnnotationsScope({ panelId, children }: { panelId: number | undefined; children: ReactNode }) {
  return <PanelIdContext.Provider value={panelId}>{children}</PanelIdContext.Provider>;
}

/** The annotations of the panel drawing (see `PanelAnnotationsScope`). */
export function usePanelAnnotations(): AnnotationEvent[] {
  const { events } = useContext(AnnotationsContext);
  const panelId = useContext(PanelIdContext);
  return useMemo(() => (events.length === 0 ? EMPTY : eventsForPanel(events, panelId)), [events, panelId]);
}
