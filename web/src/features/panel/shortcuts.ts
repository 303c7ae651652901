// Grafana's keyboard shortcuts around panels: `v` views and `i` inspects the panel under the
// pointer (or holding focus); Escape leaves the inspector, then the full-screen view, then
// kiosk mode — but never while a menu, picker or dialog is open (those close first).
import { useEffect, useRef, type RefObject } from 'react';
import { useSearchParams } from 'react-router';
import { isTypingTarget } from '../../app/keys';
import { withParams } from './view';

const POPUP = '[role="menu"], [role="listbox"], [role="dialog"]';

/** `v` and `i` over the panel in `ref`. */
export function usePanelShortcuts(ref: RefObject<HTMLElement | null>, actions: { view?: () => void; inspect?: () => void }): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (!element.matches(':hover') && !element.contains(document.activeElement)) return;
      if (document.querySelector(POPUP)) return;
      const action = event.key === 'v' ? latest.current.view : event.key === 'i' ? latest.current.inspect : undefined;
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ref]);
}

/** Escape runs `leave` (which answers whether it did something) unless a popup is open or
 * the user is typing (a field's own Escape comes first). */
export function useEscape(leave: () => boolean): void {
  const latest = useRef(leave);
  useEffect(() => {
    latest.current = leave;
  });
  useEffect(() => {
    // Capture: runs before popups' own Escape handlers close them, so an open popup is seen.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTypingTarget(event.target) || document.querySelector(POPUP)) return;
      if (latest.current()) event.preventDefault();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, []);
}

/** The dashboard's Escape: out of the full-screen panel first, then out of kiosk mode. */
export function useDashboardEscape(): void {
  const setParams = useSearchParams()[1];
  useEscape(() => {
    // The URL as it is now: a key pressed right after a change must not see the one before.
    const params = new URLSearchParams(window.location.search);
    const leave = params.has('viewPanel') ? 'viewPanel' : params.has('kiosk') ? 'kiosk' : undefined;
    if (!leave) return false;
    setParams((current) => withParams(current, { [leave]: undefined }));
    return true;
  });
}
