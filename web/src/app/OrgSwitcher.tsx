// The organization switcher, shown only to users in more than one organization: a picker in
// the top bar (as Grafana's) and a section of the user menu, both listing `/api/user/orgs`.
// Switching posts `/api/user/using/:orgId` and reloads the app at home, as Grafana does,
// since everything on the page belongs to the old organization.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { UserOrg } from '../api/types';
import { basePath } from './base';
import { Icon } from './Icon';
import { useUser } from './session';
import { useDismiss } from './useDismiss';

let pending: Promise<UserOrg[]> | undefined;

/** The user's organizations, read once per page load; `undefined` until known. */
function useUserOrgs(): UserOrg[] | undefined {
  const [orgs, setOrgs] = useState<UserOrg[]>();
  useEffect(() => {
    let live = true;
    // Asked once the page is idle: it must not delay what the page itself loads.
    const ask = () => {
      pending ??= api.userOrgs().catch(() => {
        pending = undefined;
        return [];
      });
      void pending.then((list) => live && setOrgs([...list].sort((a, b) => a.name.localeCompare(b.name))));
    };
    const hasIdle = typeof window.requestIdleCallback === 'function';
    const handle = hasIdle ? window.requestIdleCallback(ask, { timeout: 2000 }) : window.setTimeout(ask, 500);
    return () => {
      live = false;
      if (hasIdle) window.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    };
  }, []);
  return orgs;
}

async function switchTo(orgId: number): Promise<void> {
  await api.switchOrg(orgId);
  window.location.assign(`${basePath()}/`);
}

function OrgList({ orgs, currentId, onError }: { orgs: UserOrg[]; currentId: number; onError: (message: string) => void }) {
  const [switching, setSwitching] = useState<number>();
  return orgs.map((org) => {
    const current = org.orgId === currentId;
    return (
      <button
        key={org.orgId}
        type="button"
        role="menuitemradio"
        aria-checked={current}
        className={`menu__item org-switcher__item${current ? ' is-selected' : ''}`}
        disabled={switching !== undefined}
        onClick={() => {
          if (current) return;
          setSwitching(org.orgId);
          switchTo(org.orgId).catch((error: unknown) => {
            setSwitching(undefined);
            onError(error instanceof Error ? error.message : String(error));
          });
        }}
      >
        <span className="org-switcher__check">{current && <Icon name="check" size={14} />}</span>
        <span className="org-switcher__name">{org.name}</span>
        <span className="org-switcher__role">{switching === org.orgId ? 'Switching…' : org.role}</span>
      </button>
    );
  });
}

/** The top bar's picker. */
export function OrgSwitcher() {
  const user = useUser();
  const orgs = useUserOrgs();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  if (!orgs || orgs.length < 2) return null;
  const current = orgs.find((org) => org.orgId === user.orgId);
  return (
    <div className="org-switcher" ref={ref}>
      <button
        type="button"
        className="btn org-switcher__button"
        onClick={() => setOpen(!open)}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Organization: ${current?.name ?? user.orgId}. Switch organization`}
        title="Switch organization"
      >
        <Icon name="building" size={14} />
        <span className="org-switcher__current">{current?.name ?? `Organization ${user.orgId}`}</span>
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div className="menu org-switcher__popup" role="menu" aria-label="Organizations">
          <div className="org-switcher__heading">Switch organization</div>
          <OrgList orgs={orgs} currentId={user.orgId} onError={setError} />
          {error && (
            <div className="org-switcher__error" role="alert">
              {error}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** The user menu's section (nothing for a user in one organization). */
export function OrgMenuSection() {
  const user = useUser();
  const orgs = useUserOrgs();
  const [error, setError] = useState<string>();
  if (!orgs || orgs.length < 2) return null;
  return (
    <div className="org-menu-section" role="group" aria-label="Organizations">
      <div className="menu__divider" />
      <div className="org-switcher__heading">Organization</div>
      <OrgList orgs={orgs} currentId={user.orgId} onError={setError} />
      {error && (
        <div className="org-switcher__error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
