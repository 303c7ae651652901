// One panel: its header (title, description, error and loading indicators) and body. It
// queries only once scrolled into view, again when the time range changes or the dashboard
// refreshes, and keeps its failures to itself: a bad query or a panel that throws shows an
// error in that panel only.
import { Component, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ErrorInfo, type ReactNode } from 'react';
import { ApiError, api } from '../../api/client';
import type { DashboardModel, FrontendSettings, PanelModel, QueryResponse } from '../../api/types';
import { Icon } from '../../app/Icon';
import { useElementSize } from '../../app/useElementSize';
import { panelDataFromResponse, type PanelData } from '../../lib/data/frames';
import { applyPanelTransformations } from '../../lib/transformations';
import type { TimeRange } from '../../lib/time/range';
import { panelPlugin } from '../../panels/registry';
import { PanelAnnotationsScope } from '../annotations/AnnotationsProvider';
import { PanelHeaderActions, PanelOverlays, usePanelChrome } from '../panel/PanelChrome';
import type { QueryTrace } from '../panel/inspect';
import { interpolateText } from '../variables/interpolate';
import type { VariableStates } from '../variables/model';
import { panelTitle, panelVariablesKey } from '../variables/panel';
import { buildPanelQuery, panelInterpolation, PanelQueryError } from './queries';

interface PanelState {
  loading: boolean;
  data?: PanelData;
  /** Why the panel has nothing to show. */
  error?: string;
}

const EMPTY: PanelData = { frames: [], errors: [] };
const NO_VARIABLES: VariableStates = new Map();

function useSeenOnce(ref: React.RefObject<HTMLElement | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || seen) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

export interface PanelViewProps {
  panel: PanelModel;
  dashboard: DashboardModel;
  settings: FrontendSettings;
  range: TimeRange;
  onChangeTimeRange: (from: number, to: number) => void;
  onLoadingChange: (key: string, loading: boolean) => void;
  loadingKey: string;
  /** The dashboard's variables, interpolated into the queries and the title. */
  variables?: VariableStates;
  /** The chrome-less `/d-solo/` page: no menu, no shortcuts. */
  solo?: boolean;
}

export function PanelView({ panel, dashboard, settings, range, onChangeTimeRange, onLoadingChange, loadingKey, solo = false, variables }: PanelViewProps) {
  const plugin = panelPlugin(panel.type);
  const outer = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(body);
  const widthAtQuery = useRef(width);
  useLayoutEffect(() => {
    widthAtQuery.current = width;
  }, [width]);
  const seen = useSeenOnce(outer);
  // Query again only when a variable this panel refers to changes.
  const variablesKey = useMemo(() => panelVariablesKey(panel, variables), [panel, variables]);
  const latestVariables = useRef(variables);
  useLayoutEffect(() => {
    latestVariables.current = variables;
  }, [variables]);
  const title = panelTitle(panel, dashboard, variables, range);
  // The panel's own text (the text panel's content) with variables, written as titles are.
  const replaceVariables = useCallback(
    (text: string) => interpolateText(text, panelInterpolation(panel, dashboard, variables ?? NO_VARIABLES, range)),
    [panel, dashboard, variables, range],
  );
  const [state, setState] = useState<PanelState>({ loading: plugin.usesQueries });
  // The last request and answer, for the inspector; `runs` re-runs the query on demand.
  const [trace, setTrace] = useState<QueryTrace>({});
  const [runs, setRuns] = useState(0);
  const chrome = usePanelChrome(panel, outer, !solo);

  useEffect(() => {
    if (!seen || !plugin.usesQueries) return;
    const controller = new AbortController();
    onLoadingChange(loadingKey, true);
    Promise.resolve()
      .then(() => {
        const request = buildPanelQuery(panel, { dashboard, settings, range, width: widthAtQuery.current || 800, variables: latestVariables.current });
        if (!request) return { results: {} } as QueryResponse;
        setState((current) => ({ ...current, loading: true }));
        const started = performance.now();
        setTrace({ request });
        return api.query(request, controller.signal).then((response) => {
          setTrace({ request, response, requestTime: performance.now() - started });
          return response;
        });
      })
      .then((response) => {
        // Transformed before the panel (and the inspector's data tab) sees the frames.
        const data = applyPanelTransformations(panelDataFromResponse(response), panel.transformations);
        if (data.frames.length === 0 && (data.errors.length > 0 || (response.message && !response.results))) {
          const message = data.errors.map((error) => (data.errors.length > 1 ? `${error.refId}: ${error.message}` : error.message)).join('\n') || response.message;
          setState({ loading: false, error: message });
        } else {
          setState({ loading: false, data });
        }
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        const message = failure instanceof ApiError || failure instanceof PanelQueryError ? failure.message : 'the query could not be sent';
        setState({ loading: false, error: message });
        setTrace((current) => ({ ...current, error: message }));
      })
      .finally(() => onLoadingChange(loadingKey, false));
    return () => {
      controller.abort();
      onLoadingChange(loadingKey, false);
    };
  }, [seen, plugin.usesQueries, panel, dashboard, settings, range, onLoadingChange, loadingKey, runs, variablesKey]);

  // `panel-painted:<id>` once the body has drawn (or failed), for bench/ui.
  useEffect(() => {
    if (state.loading) return;
    const frame = requestAnimationFrame(() => performance.mark(`panel-painted:${panel.id ?? loadingKey}`));
    return () => cancelAnimationFrame(frame);
  }, [state, panel.id, loadingKey]);

  const partialErrors = state.data?.errors ?? [];
  const PanelBody = plugin.component;
  return (
    <section
      ref={outer}
      className={`panel${panel.transparent ? ' panel--transparent' : ''}${solo ? ' panel--solo' : ''}`}
      aria-label={title || 'Panel'}
      data-panel-type={panel.type}
      data-state={state.error ? 'error' : state.loading ? 'loading' : 'done'}
    >
      <header className="panel__header">
        {state.loading && <div className="panel__loading" aria-label="Loading" />}
        <h2 className="panel__title" title={title}>
          {title}
        </h2>
        {panel.description && (
          <span className="panel__info" tabIndex={0} aria-label="Panel description">
            <Icon name="info" size={14} />
            <span className="panel__tip" role="tooltip">
              {panel.description}
            </span>
          </span>
        )}
        {state.data?.notices && (
          <span className="panel__partial-error" style={{ color: 'var(--warning)' }} tabIndex={0} aria-label="Transformation notice" data-testid="transformation-notice">
            <Icon name="info" size={14} />
            <span className="panel__tip" role="tooltip">
              {state.data.notices.join('\n')}
            </span>
          </span>
        )}
        {partialErrors.length > 0 && (
          <span className="panel__partial-error" tabIndex={0} aria-label="Some queries failed">
            <Icon name="warning" size={14} />
            <span className="panel__tip" role="tooltip">
              {partialErrors.map((error) => `${error.refId}: ${error.message}`).join('\n')}
            </span>
          </span>
        )}
        {!solo && <PanelHeaderActions chrome={chrome} panel={panel} title={title} dashboard={dashboard} range={range} />}
      </header>
      <div className="panel__body" ref={body}>
        {state.error ? (
          <PanelError message={state.error} />
        ) : (
          (state.data || !plugin.usesQueries) &&
          width > 0 &&
          height > 0 && (
            <PanelErrorBoundary resetKey={state.data}>
              <PanelAnnotationsScope panelId={panel.id}>
                <PanelBody panel={panel} data={state.data ?? EMPTY} width={width} height={height} timeRange={range} onChangeTimeRange={onChangeTimeRange} replaceVariables={replaceVariables} />
              </PanelAnnotationsScope>
            </PanelErrorBoundary>
          )
        )}
      </div>
      {!solo && (
        <PanelOverlays chrome={chrome} panel={panel} title={title} dashboard={dashboard} range={range} data={state.data} trace={trace} loading={state.loading} onRefresh={() => setRuns((count) => count + 1)} />
      )}
    </section>
  );
}

function PanelError({ message }: { message: string }) {
  return (
    <div className="panel-error" role="alert" data-testid="panel-error">
      <Icon name="warning" size={20} />
      <div className="panel-error__message">{message}</div>
    </div>
  );
}

/** Keeps a panel that throws while drawing from taking the page down. */
class PanelErrorBoundary extends Component<{ resetKey: unknown; children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: { resetKey: unknown }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('panel failed to render', error, info.componentStack);
  }

  render() {
    if (this.state.error) return <PanelError message={`This panel could not be drawn: ${this.state.error.message}`} />;
    return this.props.children;
  }
}
