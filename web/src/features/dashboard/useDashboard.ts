// Loads a dashboard by uid together with the frontend settings its panels need, again when
// the uid changes; what it answers always belongs to the uid asked for.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { DashboardResponse, FrontendSettings } from '../../api/types';
import { loadFrontendSettings } from './settings';

export interface LoadedDashboard {
  response: DashboardResponse;
  settings: FrontendSettings;
}

export interface DashboardLoadError {
  /** The HTTP status, when the server answered (404: no such dashboard, or not visible). */
  status?: number;
  message: string;
}

/** A load started with the page, before the session was read; used once. */
let early: { uid: string; response: Promise<DashboardResponse | undefined> } | undefined;

/** Starts loading the dashboard (and the settings) a page opened at `/d/<uid>` shows, while
 * the session is still being read. A failure (signed out, say) is forgotten: the page loads
 * again once signed in. */
export function prefetchDashboard(uid: string): void {
  early = { uid, response: api.dashboard(uid).catch(() => undefined) };
  void loadFrontendSettings().catch(() => undefined);
}

function dashboardResponse(uid: string, signal: AbortSignal): Promise<DashboardResponse> {
  const started = early?.uid === uid ? early.response : undefined;
  early = undefined;
  if (!started) return api.dashboard(uid, signal);
  return started.then((response) => response ?? api.dashboard(uid, signal));
}

export function useDashboard(uid: string): { loaded?: LoadedDashboard; error?: DashboardLoadError } {
  const [outcome, setOutcome] = useState<{ uid: string; loaded?: LoadedDashboard; error?: DashboardLoadError }>();
  useEffect(() => {
    const controller = new AbortController();
    Promise.all([dashboardResponse(uid, controller.signal), loadFrontendSettings()])
      .then(([response, settings]) => setOutcome({ uid, loaded: { response, settings } }))
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        const error = failure instanceof ApiError ? { status: failure.status, message: failure.message } : { message: failure instanceof Error ? failure.message : String(failure) };
        setOutcome({ uid, error });
      });
    return () => controller.abort();
  }, [uid]);
  return outcome?.uid === uid ? { loaded: outcome.loaded, error: outcome.error } : {};
}
