// Keyboard shortcuts as Grafana names them (mousetrap style): a single key (`/`, `esc`), a
// key with modifiers (`mod+k`, `ctrl+z`; `mod` is Cmd on a Mac, Ctrl elsewhere) or a
// two-key sequence (`t z`, `t left`: the second key within 1.5 s of the first). Shortcuts do
// not fire while the user types in a field.
import { useLayoutEffect, useRef } from 'react';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

const NAMES: Record<string, string> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Escape: 'esc',
  Enter: 'enter',
  ' ': 'space',
};

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The event's name in shortcut notation: `z`, `left`, `esc`, `ctrl+z`, `meta+k`. */
export function keyName(event: KeyLike): string {
  const base = NAMES[event.key] ?? event.key.toLowerCase();
  const modifiers = [event.ctrlKey && 'ctrl', event.metaKey && 'meta', event.altKey && 'alt'].filter(Boolean);
  return [...modifiers, base].join('+');
}

/** A binding's name with `mod` spelled for this platform. */
export function platformKey(binding: string, mac: boolean = IS_MAC): string {
  return binding.replace(/\bmod\+/g, mac ? 'meta+' : 'ctrl+');
}

/** Whether the event comes from a place the user types into. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}

export const SEQUENCE_TIMEOUT_MS = 1500;

/**
 * Matches key names against bindings (platform spelling), remembering the first key of a
 * sequence. `feed` answers the binding the key completes, or `undefined`.
 */
export class ShortcutMatcher {
  private pending?: { key: string; at: number };

  feed(name: string, now: number, bindings: ReadonlySet<string>): string | undefined {
    const pending = this.pending;
    this.pending = undefined;
    if (pending && now - pending.at <= SEQUENCE_TIMEOUT_MS) {
      const sequence = `${pending.key} ${name}`;
      if (bindings.has(sequence)) return sequence;
    }
    if (bindings.has(name)) return name;
    for (const binding of bindings) {
      if (binding.startsWith(`${name} `)) {
        this.pending = { key: name, at: now };
        break;
      }
    }
    return undefined;
  }
}

// One listener and one matcher for the whole page, so a sequence survives the components that
// registered it re-rendering between its two keys (`t ←` moves the range, which re-renders
// the time picker). Later registrations win a shared binding.
const registrations = new Set<{ current: Record<string, () => void> }>();
const matcher = new ShortcutMatcher();

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing || isTypingTarget(event.target)) return;
  if (['Control', 'Meta', 'Alt', 'Shift'].includes(event.key)) return;
  const actions = new Map<string, () => void>();
  for (const registration of registrations) {
    for (const [name, action] of Object.entries(registration.current)) actions.set(platformKey(name), action);
  }
  const matched = matcher.feed(keyName(event), event.timeStamp || Date.now(), new Set(actions.keys()));
  const action = matched && actions.get(matched);
  if (!action) return;
  event.preventDefault();
  action();
}

/**
 * Runs `bindings[name]` when its shortcut is typed anywhere on the page (outside fields),
 * while `enabled`. Binding names use `mod` for Cmd/Ctrl.
 */
export function useShortcuts(bindings: Record<string, () => void>, enabled = true): void {
  const latest = useRef(bindings);
  // Layout effects: registrations change within the commit, so no key pressed after the page
  // shows a new state can reach the bindings of the state before.
  useLayoutEffect(() => {
    latest.current = bindings;
  });
  useLayoutEffect(() => {
    if (!enabled) return;
    const registration = latest;
    registrations.add(registration);
    if (registrations.size === 1) document.addEventListener('keydown', onKeyDown);
    return () => {
      registrations.delete(registration);
      if (registrations.size === 0) document.removeEventListener('keydown', onKeyDown);
    };
  }, [enabled]);
}
