// A dashboard (`/d/:uid/:slug?`) from Grafana's JSON model: toolbar (star, time range,
// refresh), then the grid. The time range lives in the URL (`from`, `to`, `refresh`), so a
// link reproduces the view; each refresh resolves the range against the clock again.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { routeFromUrl } from '../../app/base';
import { usePageCrumbs, type Crumb } from '../../app/chrome';
import { Icon } from '../../app/Icon';
import { DEFAULT_RANGE, isRelative, parseDuration, refreshIntervals, resolveRangeInZone, type RawTimeRange, type TimeRange } from '../../lib/time/range';
import { normalizeTimeZone } from '../../lib/time/zone';
import { useRecordRecentView } from '../browse/recent';
import { AnnotationsProvider } from '../annotations/AnnotationsProvider';
import { AnnotationToggles } from '../annotations/AnnotationToggles';
import { KioskButton } from '../panel/KioskButton';
import { useDashboardEscape } from '../panel/shortcuts';
import { useDashboardVariables } from '../variables/useDashboardVariables';
import { VariablesBar } from '../variables/VariablesBar';
import { DashboardGrid } from './DashboardGrid';
import { RefreshPicker, TimeRangePicker } from './TimeRangePicker';
import { useDashboard } from './useDashboard';
import './dashboard.css';

export default function DashboardPage() {
  const { uid = '', slug } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { loaded, error } = useDashboard(uid);

  const dashboard = loaded?.response.dashboard;
  const meta = loaded?.response.meta;

  // Canonical URL with the slug, as Grafana redirects to it.
  useEffect(() => {
    if (meta?.slug && slug !== meta.slug) {
      void navigate({ pathname: `/d/${encodeURIComponent(uid)}/${meta.slug}`, search: window.location.search }, { replace: true });
    }
  }, [meta?.slug, slug, uid, navigate]);

  const crumbs: Crumb[] = [{ text: 'Home', to: '/' }, { text: 'Dashboards', to: '/dashboards' }];
  if (meta?.folderUid && meta.folderTitle) crumbs.push({ text: meta.folderTitle, to: routeFromUrl(meta.folderUrl ?? `/dashboards/f/${meta.folderUid}`) });
  crumbs.push({ text: dashboard?.title ?? (error ? 'Dashboard' : 'Loading…') });
  usePageCrumbs(crumbs);
  useRecordRecentView(dashboard?.uid);
  useDashboardEscape();

  const raw: RawTimeRange = {
    from: params.get('from') ?? dashboard?.time?.from ?? DEFAULT_RANGE.from,
    to: params.get('to') ?? dashboard?.time?.to ?? DEFAULT_RANGE.to,
  };
  const refreshInterval = params.get('refresh') ?? (typeof dashboard?.refresh === 'string' ? dashboard.refresh : '');
  // The zone: `?timezone=` (Grafana's URL key; `tz` also read), else the dashboard's `timezone`.
  const timeZone = normalizeTimeZone(params.get('timezone') ?? params.get('tz') ?? dashboard?.timezone);

  const [refreshCount, setRefreshCount] = useState(0);
  const range: TimeRange = useMemo(
    () => resolveRangeInZone(raw, timeZone) ?? resolveRangeInZone(DEFAULT_RANGE, timeZone)!,
    // Re-resolve against the clock on every refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [raw.from, raw.to, timeZone, refreshCount],
  );
  const refresh = useCallback(() => setRefreshCount((count) => count + 1), []);
  // Template variables: the bar under the toolbar, `var-*` in the URL, values for the panels.
  const variables = useDashboardVariables({ dashboard, settings: loaded?.settings, range, params, setParams });

  useEffect(() => {
    const every = parseDuration(refreshInterval);
    if (!every || !isRelative(raw)) return;
    const timer = setInterval(refresh, Math.max(every, 1000));
    return () => clearInterval(timer);
  }, [refreshInterval, raw.from, raw.to, refresh]); // eslint-disable-line react-hooks/exhaustive-deps

  const updateParams = useCallback(
    (change: Record<string, string | undefined>) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(change)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      });
    },
    [setParams],
  );
  const setTimeRange = useCallback((next: RawTimeRange) => updateParams({ from: next.from, to: next.to }), [updateParams]);
  const zoom = useCallback((from: number, to: number) => updateParams({ from: String(from), to: String(to) }), [updateParams]);

  // Which panels are querying: drives the refresh button's spinner.
  const [busy, setBusy] = useState(false);
  const loading = useRef(new Set<string>());
  const onLoadingChange = useCallback((key: string, isLoading: boolean) => {
    if (isLoading) loading.current.add(key);
    else loading.current.delete(key);
    setBusy(loading.current.size > 0);
  }, []);

  const [starChange, setStarChange] = useState<{ uid: string; starred: boolean }>();
  const starred = starChange?.uid === uid ? starChange.starred : (meta?.isStarred ?? false);
  const toggleStar = async () => {
    const next = !starred;
    setStarChange({ uid, starred: next });
    try {
      await (next ? api.star(uid) : api.unstar(uid));
    } catch {
      setStarChange({ uid, starred: !next });
    }
  };

  if (error) {
    return (
      <div className="page">
        <div className="dashboard-failed" role="alert">
          <Icon name="warning" size={24} />
          <div>
            <h1 className="page__title">{error.status === 404 ? 'Dashboard not found' : 'Dashboard could not be loaded'}</h1>
            <p>{error.status === 404 ? `There is no dashboard with uid "${uid}", or you may not view it.` : error.message}</p>
            <Link to="/dashboards" className="btn">
              <Icon name="dashboards" /> Browse dashboards
            </Link>
          </div>
        </div>
      </div>
    );
  }

  if (!loaded || !dashboard) {
    return (
      <div className="page-message">
        <span className="spinner" style={{ display: 'inline-block' }} />
      </div>
    );
  }

  return (
    <div className="dashboard">
      <div className="dashboard-toolbar">
        <h1 className="dashboard-toolbar__title">{dashboard.title}</h1>
        <button
          type="button"
          className={`icon-btn dashboard-toolbar__star${starred ? ' is-starred' : ''}`}
          onClick={() => void toggleStar()}
          aria-label={starred ? 'Unmark as favorite' : 'Mark as favorite'}
          aria-pressed={starred}
          title={starred ? 'Unmark as favorite' : 'Mark as favorite'}
        >
          <Icon name="star" filled={starred} />
        </button>
        <div className="dashboard-toolbar__tags">
          {(dashboard.tags ?? []).slice(0, 5).map((tag) => (
            <Link key={tag} to={`/dashboards?tag=${encodeURIComponent(tag)}`} className="dashboard-toolbar__tag">
              {tag}
            </Link>
          ))}
        </div>
        <div className="dashboard-toolbar__controls">
          <TimeRangePicker key={`${raw.from}|${raw.to}`} value={raw} onChange={setTimeRange} timeZone={timeZone} onTimeZoneChange={(zone) => updateParams({ timezone: zone, tz: undefined })} />
          <KioskButton />
          <RefreshPicker interval={refreshInterval} intervals={refreshIntervals(dashboard.timepicker)} busy={busy} onRefresh={refresh} onIntervalChange={(interval) => updateParams({ refresh: interval })} />
        </div>
      </div>
      <AnnotationsProvider dashboard={dashboard} settings={loaded.settings} range={range} variables={variables.states}>
        {/* Variables and annotation switches share one row, as in Grafana. */}
        <div className="dashboard-controls">
          <VariablesBar states={variables.states} onChange={variables.setSelection} />
          <AnnotationToggles />
        </div>
        {variables.ready ? (
          <DashboardGrid key={dashboard.uid} dashboard={dashboard} settings={loaded.settings} range={range} onChangeTimeRange={zoom} onLoadingChange={onLoadingChange} variables={variables.states} />
        ) : (
          <div className="page-message" aria-label="Loading variables">
            <span className="spinner" style={{ display: 'inline-block' }} />
          </div>
        )}
      </AnnotationsProvider>
    </div>
  );
}
