// Everything around a panel's body that the dashboard view adds: the header's links and menu,
// the `v`/`i` shortcuts, and the inspect drawer and share dialog. Which panel is viewed or
// inspected lives in the URL (`viewPanel`, `inspect`, `inspectTab`), so Back and links work.
import { useCallback, useMemo, useState, type RefObject } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { DashboardModel, PanelModel } from '../../api/types';
import { basePath } from '../../app/base';
import { Icon } from '../../app/Icon';
import type { PanelData } from '../../lib/data/frames';
import type { TimeRange } from '../../lib/time/range';
import { inspectTab, type InspectTab, type QueryTrace } from './inspect';
import { InspectDrawer } from './InspectDrawer';
import { panelLinks } from './links';
import { PanelLinksMenu, PanelMenu } from './PanelMenu';
import { ShareModal } from './ShareModal';
import { usePanelShortcuts } from './shortcuts';
import { parsePanelKey, withParams } from './view';
import './panel.css';

export interface PanelChrome {
  viewing: boolean;
  /** The open inspect tab, when this panel is inspected. */
  inspecting?: InspectTab;
  sharing: boolean;
  toggleView: () => void;
  inspect: (tab: InspectTab) => void;
  closeInspect: () => void;
  share: (open: boolean) => void;
}

/** The panel's URL-held state and its shortcuts; `enabled: false` (the solo page) has none. */
export function usePanelChrome(panel: PanelModel, element: RefObject<HTMLElement | null>, enabled: boolean): PanelChrome {
  const [params, setParams] = useSearchParams();
  const [sharing, setSharing] = useState(false);
  const id = panel.id;
  const viewing = id !== undefined && parsePanelKey(params.get('viewPanel')) === id;
  const inspecting = enabled && id !== undefined && parsePanelKey(params.get('inspect')) === id ? inspectTab(params.get('inspectTab')) : undefined;

  const update = useCallback(
    (change: Record<string, string | undefined>, replace = false) => setParams((current) => withParams(current, change), { replace }),
    [setParams],
  );
  const toggleView = useCallback(() => {
    if (id === undefined) return;
    setParams((current) => withParams(current, { viewPanel: parsePanelKey(current.get('viewPanel')) === id ? undefined : String(id) }));
  }, [id, setParams]);
  const inspect = useCallback(
    (tab: InspectTab) => {
      if (id !== undefined) update({ inspect: String(id), inspectTab: tab === 'data' ? undefined : tab }, inspecting !== undefined);
    },
    [id, inspecting, update],
  );
  const closeInspect = useCallback(() => update({ inspect: undefined, inspectTab: undefined }), [update]);
  usePanelShortcuts(element, enabled && id !== undefined ? { view: toggleView, inspect: () => inspect('data') } : {});
  return { viewing, inspecting, sharing, toggleView, inspect, closeInspect, share: setSharing };
}

/** The header's right side: the links dropdown and the panel menu. */
/** `title` is the panel's title with the dashboard's variables filled in. */
export function PanelHeaderActions({ chrome, panel, title, dashboard, range }: { chrome: PanelChrome; panel: PanelModel; title: string; dashboard: DashboardModel; range: TimeRange }) {
  const search = useSearchParams()[0].toString();
  const links = useMemo(() => panelLinks(panel, { dashboard, range, search, basePath: basePath() }), [panel, dashboard, range, search]);
  return (
    <>
      {chrome.viewing && (
        <button type="button" className="btn panel-view-back" onClick={chrome.toggleView} title="Back to dashboard (Esc)">
          <Icon name="arrowLeft" size={14} /> Back to dashboard
        </button>
      )}
      <PanelLinksMenu links={links} />
      {panel.id !== undefined && (
        <PanelMenu title={title} viewing={chrome.viewing} onView={chrome.toggleView} onInspect={chrome.inspect} onShare={() => chrome.share(true)} />
      )}
    </>
  );
}

export interface PanelOverlaysProps {
  chrome: PanelChrome;
  panel: PanelModel;
  /** The panel's title with the dashboard's variables filled in. */
  title: string;
  dashboard: DashboardModel;
  range: TimeRange;
  data?: PanelData;
  trace: QueryTrace;
  loading: boolean;
  onRefresh: () => void;
}

/** The inspect drawer and the share dialog, when open. */
export function PanelOverlays({ chrome, panel, title, dashboard, range, data, trace, loading, onRefresh }: PanelOverlaysProps) {
  const { slug } = useParams();
  const closeShare = useCallback(() => chrome.share(false), [chrome]);
  return (
    <>
      {chrome.inspecting && (
        <InspectDrawer panel={panel} title={title} data={data} trace={trace} loading={loading} tab={chrome.inspecting} timeZone={range.timeZone} onTabChange={chrome.inspect} onRefresh={onRefresh} onClose={chrome.closeInspect} />
      )}
      {chrome.sharing && <ShareModal dashboardUid={dashboard.uid} slug={slug} panelId={panel.id} panelTitle={title} range={range} onClose={closeShare} />}
    </>
  );
}
