// The routes Grafana users know. The dashboard view (and uPlot with it) loads on demand, so
// the login page and the browse page stay small.
import { lazy, Suspense, useState, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { BrowsePage } from '../features/browse/BrowsePage';
import { prefetchDashboard } from '../features/dashboard/useDashboard';
import { LoginPage } from '../features/login/LoginPage';
import { ComingSoon, NotFound } from '../features/placeholder/ComingSoon';
import { basePath } from './base';
import { ChromeProvider } from './chrome';
import { Layout } from './Layout';
import { RequireUser, SessionProvider } from './session';
import { ThemeProvider } from './theme';

/** The dashboard view's component once its code is here. */
let loadedDashboardPage: ComponentType | undefined;
const loadDashboardPage = () =>
  import('../features/dashboard/DashboardPage').then((module) => {
    loadedDashboardPage = module.default;
    return module;
  });
// Opening a dashboard's URL: fetch its code and its JSON while the session is read (not after).
const openedDashboard = /\/d\/([^/?#]+)/.exec(window.location.pathname);
if (openedDashboard?.[1]) {
  void loadDashboardPage();
  try {
    prefetchDashboard(decodeURIComponent(openedDashboard[1]));
  } catch {
    // A malformed address: the page reports it once routed.
  }
}
const LazyDashboardPage = lazy(loadDashboardPage);

/** Code already loaded renders at once: a lazy component suspends even then, and React holds
 * back a suspended page's reveal for up to 300 ms. Chosen once per mount, never swapped. */
function DashboardPage() {
  const [Page] = useState(() => loadedDashboardPage ?? LazyDashboardPage);
  return <Page />;
}
const SoloPanelPage = lazy(() => import('../features/panel/SoloPanelPage'));

function SignedIn({ children }: { children: React.ReactNode }) {
  return (
    <RequireUser>
      <Layout>
        <Suspense fallback={<div className="page-message">Loading…</div>}>{children}</Suspense>
      </Layout>
    </RequireUser>
  );
}

export function App() {
  return (
    <ThemeProvider>
      <BrowserRouter basename={basePath() || '/'}>
        <SessionProvider>
          <ChromeProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/" element={<Navigate to="/dashboards" replace />} />
              <Route path="/dashboards" element={<SignedIn><BrowsePage /></SignedIn>} />
              <Route path="/dashboards/f/:folderUid/:slug?" element={<SignedIn><BrowsePage /></SignedIn>} />
              <Route path="/d/:uid/:slug?" element={<SignedIn><DashboardPage /></SignedIn>} />
              {/* One panel, no frame: for <iframe> embedding. */}
              <Route path="/d-solo/:uid/:slug?" element={<RequireUser><Suspense fallback={null}><SoloPanelPage /></Suspense></RequireUser>} />
              <Route path="/explore" element={<SignedIn><ComingSoon title="Explore" icon="explore" text="Ad-hoc queries against every data source, with the same panels as dashboards." /></SignedIn>} />
              <Route path="/alerting/*" element={<SignedIn><ComingSoon title="Alerting" icon="alerting" text="Alert rules, contact points and notification policies." /></SignedIn>} />
              <Route path="/connections/*" element={<SignedIn><ComingSoon title="Data sources" icon="connections" text="Add and configure data sources. Until then, use the HTTP API or provisioning files." /></SignedIn>} />
              <Route path="/admin/*" element={<SignedIn><ComingSoon title="Administration" icon="admin" text="Users, teams, organizations and server settings." /></SignedIn>} />
              <Route path="/profile" element={<SignedIn><ComingSoon title="Profile" icon="user" text="Your name, email, password, preferences and sessions." /></SignedIn>} />
              <Route path="*" element={<SignedIn><NotFound /></SignedIn>} />
            </Routes>
          </ChromeProvider>
        </SessionProvider>
      </BrowserRouter>
    </ThemeProvider>
  );
}
