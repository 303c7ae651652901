// `/d-solo/:uid/:slug?panelId=<id>&from&to&var-…`: one panel and nothing else, filling the
// window, for embedding in an <iframe> as Grafana's solo page is. `refresh` re-runs it on an
// interval and `theme=light|dark` picks the theme for this page only.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Icon } from '../../app/Icon';
import { DEFAULT_RANGE, isRelative, parseDuration, resolveRangeInZone, type TimeRange } from '../../lib/time/range';
import { normalizeTimeZone } from '../../lib/time/zone';
import { PanelView } from '../dashboard/PanelView';
import { useDashboard } from '../dashboard/useDashboard';
import { AnnotationsProvider } from '../annotations/AnnotationsProvider';
import { useDashboardVariables } from '../variables/useDashboardVariables';
import { themeParam } from './solo';
import { findPanel, parsePanelKey, withParams } from './view';
import '../dashboard/dashboard.css';
import './panel.css';

function SoloMessage({ text }: { text: string }) {
  return (
    <div className="solo-panel solo-panel--message" role="alert">
      <Icon name="warning" size={20} />
      <span>{text}</span>
    </div>
  );
}

export default function SoloPanelPage() {
  const { uid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { loaded, error: failure } = useDashboard(uid);
  const error = failure && (failure.status === 404 ? 'Dashboard not found' : failure.message);

  const theme = themeParam(params);
  useLayoutEffect(() => {
    if (!theme) return;
    const root = document.documentElement;
    const previous = root.dataset.theme;
    root.dataset.theme = theme;
    return () => {
      if (previous) root.dataset.theme = previous;
    };
  }, [theme]);

  const dashboard = loaded?.response.dashboard;
  const raw = { from: params.get('from') ?? dashboard?.time?.from ?? DEFAULT_RANGE.from, to: params.get('to') ?? dashboard?.time?.to ?? DEFAULT_RANGE.to };
  const timeZone = normalizeTimeZone(params.get('timezone') ?? dashboard?.timezone);
  const [refreshCount, setRefreshCount] = useState(0);
  const range: TimeRange = useMemo(
    () => resolveRangeInZone(raw, timeZone) ?? resolveRangeInZone(DEFAULT_RANGE, timeZone)!,
    // Re-resolve against the clock on every refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [raw.from, raw.to, timeZone, refreshCount],
  );
  const refreshEvery = parseDuration(params.get('refresh') ?? '');
  useEffect(() => {
    if (!refreshEvery || !isRelative(raw)) return;
    const timer = setInterval(() => setRefreshCount((count) => count + 1), Math.max(refreshEvery, 1000));
    return () => clearInterval(timer);
  }, [refreshEvery, raw.from, raw.to]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (dashboard) document.title = `${dashboard.title} - Sightline`;
  }, [dashboard]);

  // The variables as the dashboard has them: `var-*` from the link, query variables refreshed.
  const variables = useDashboardVariables({ dashboard, settings: loaded?.settings, range, params, setParams });
  const ignore = useCallback(() => {}, []);
  const zoom = useCallback((from: number, to: number) => setParams((current) => withParams(current, { from: String(from), to: String(to) }), { replace: true }), [setParams]);

  if (error) return <SoloMessage text={error} />;
  if (!loaded || !dashboard || !variables.ready) {
    return (
      <div className="solo-panel solo-panel--message">
        <span className="spinner" />
      </div>
    );
  }
  const panelId = parsePanelKey(params.get('panelId'));
  const panel = panelId === undefined ? undefined : findPanel(dashboard.panels, panelId);
  if (!panel) return <SoloMessage text={panelId === undefined ? 'The link names no panel (panelId)' : `Panel ${panelId} not found`} />;
  return (
    <AnnotationsProvider dashboard={dashboard} settings={loaded.settings} range={range} variables={variables.states}>
      <div className="solo-panel">
        <PanelView panel={panel} dashboard={dashboard} settings={loaded.settings} range={range} onChangeTimeRange={zoom} onLoadingChange={ignore} loadingKey="solo" variables={variables.states} solo />
      </div>
    </AnnotationsProvider>
  );
}
