// Who is signed in: `/api/user` once at start, again after logging in. Pages below
// <RequireUser> can rely on a user; a 401 from any API call sends the user to the login page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api, setUnauthorizedHandler } from '../api/client';
import type { CurrentUser } from '../api/types';

interface SessionValue {
  /** `undefined` while loading, `null` when signed out. */
  user: CurrentUser | null | undefined;
  reload: () => Promise<CurrentUser | null>;
}

const SessionContext = createContext<SessionValue>({ user: undefined, reload: async () => null });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);
  const navigate = useNavigate();

  const reload = useCallback(async () => {
    try {
      const current = await api.currentUser();
      setUser(current);
      return current;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.error('cannot read the current user', error);
      setUser(null);
      return null;
    }
  }, []);

  useEffect(() => {
    api.currentUser().then(setUser, (error: unknown) => {
      if (!(error instanceof ApiError) || error.status !== 401) console.error('cannot read the current user', error);
      setUser(null);
    });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser(null);
      const here = `${window.location.pathname}${window.location.search}`;
      void navigate(loginPath(here), { replace: true });
    });
    return () => setUnauthorizedHandler(undefined);
  }, [navigate]);

  const value = useMemo(() => ({ user, reload }), [user, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

/** The signed-in user, for pages under <RequireUser>. */
export function useUser(): CurrentUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser outside <RequireUser>');
  return user;
}

export function loginPath(redirectTo: string): string {
  return redirectTo && redirectTo !== '/' ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login';
}

export function RequireUser({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <div className="app-loading" aria-label="Loading" />;
  if (user === null) return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  return children;
}
