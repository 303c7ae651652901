// `/api/frontend/settings` (data sources and the default one), read once per page load.
import { api } from '../../api/client';
import type { FrontendSettings } from '../../api/types';

let pending: Promise<FrontendSettings> | undefined;

export function loadFrontendSettings(): Promise<FrontendSettings> {
  pending ??= api.frontendSettings().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
