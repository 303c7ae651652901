// The routes Grafana users know. The dashboard view (and uPlot with it) loads on demand, so
// the login page and the browse page stay small.
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { BrowsePage } from '../features/browse/BrowsePage';
import { LoginPage } from '../features/login/LoginPage';
import { ComingSoon, NotFound } from '../features/placeholder/ComingSoon';
import { basePath } from './base';
import { ChromeProvider } from './chrome';
import { Layout } from './Layout';
import { RequireUser, SessionProvider } from './session';
import { ThemeProvider } from './theme';

const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));

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
