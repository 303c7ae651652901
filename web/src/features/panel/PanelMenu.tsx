// The panel header's menus: the panel menu (View, Inspect ▸ Data / Query / Panel JSON, Share),
// shown as a button when the pointer is over the panel, and the links dropdown of `panel.links`.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, type IconName } from '../../app/Icon';
import { useDismiss } from '../../app/useDismiss';
import type { InspectTab } from './inspect';
import type { PanelLink } from './links';

export interface PanelMenuProps {
  title: string;
  viewing: boolean;
  onView: () => void;
  onInspect: (tab: InspectTab) => void;
  onShare: () => void;
}

function Item({ icon, text, shortcut, onSelect, children }: { icon: IconName; text: string; shortcut?: string; onSelect: () => void; children?: React.ReactNode }) {
  return (
    <button type="button" role="menuitem" className="menu__item panel-menu__item" onClick={onSelect}>
      <Icon name={icon} />
      <span className="panel-menu__text">{text}</span>
      {shortcut && <kbd className="panel-menu__shortcut">{shortcut}</kbd>}
      {children}
    </button>
  );
}

/** Up and down arrows move between a menu's items, as in Grafana's menus. */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>(':scope > [role="menuitem"], :scope > * > [role="menuitem"]')];
  if (items.length === 0) return;
  event.preventDefault();
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = event.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
  items[next]?.focus();
}

export function PanelMenu({ title, viewing, onView, onInspect, onShare }: PanelMenuProps) {
  const [open, setOpen] = useState(false);
  const [inspectOpen, setInspectOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    setInspectOpen(false);
  }, []);
  useDismiss(ref, open, close);
  // Opened from the keyboard or not, the first item takes the focus.
  const popup = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) popup.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  // The submenu takes the focus when the keyboard opened it (not when the pointer did).
  const submenu = useRef<HTMLDivElement>(null);
  const focusSubmenu = useRef(false);
  useEffect(() => {
    if (!inspectOpen || !focusSubmenu.current) return;
    focusSubmenu.current = false;
    submenu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [inspectOpen]);
  const choose = (action: () => void) => () => {
    close();
    action();
  };
  return (
    <div className={`panel-menu${open ? ' is-open' : ''}`} ref={ref}>
      <button
        type="button"
        className="icon-btn panel-menu__button"
        aria-label={`Menu for panel ${title || 'without title'}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title="Menu"
        onClick={() => (open ? close() : setOpen(true))}
      >
        <Icon name="ellipsis" size={16} />
      </button>
      {open && (
        <div className="menu panel-menu__popup" role="menu" aria-label="Panel menu" ref={popup} onKeyDown={moveFocus}>
          <Item icon={viewing ? 'arrowLeft' : 'eye'} text={viewing ? 'Exit view' : 'View'} shortcut="v" onSelect={choose(onView)} />
          <Item icon="share" text="Share" onSelect={choose(onShare)} />
          <div className="panel-menu__sub" onMouseEnter={() => setInspectOpen(true)} onMouseLeave={() => setInspectOpen(false)}>
            <button
              type="button"
              role="menuitem"
              className="menu__item panel-menu__item"
              aria-haspopup="menu"
              aria-expanded={inspectOpen}
              onClick={choose(() => onInspect('data'))}
              onKeyDown={(event) => {
                if (event.key === 'ArrowRight') {
                  event.preventDefault();
                  if (inspectOpen) {
                    submenu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
                    return;
                  }
                  focusSubmenu.current = true;
                  setInspectOpen(true);
                }
              }}
            >
              <Icon name="inspect" />
              <span className="panel-menu__text">Inspect</span>
              <kbd className="panel-menu__shortcut">i</kbd>
              <Icon name="chevronRight" size={14} />
            </button>
            {inspectOpen && (
              <div
                className="menu panel-menu__submenu"
                role="menu"
                aria-label="Inspect"
                ref={submenu}
                onKeyDown={(event) => {
                  event.stopPropagation();
                  moveFocus(event);
                  if (event.key === 'ArrowLeft') {
                    setInspectOpen(false);
                    submenu.current?.parentElement?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
                  }
                }}
              >
                <Item icon="inspect" text="Data" onSelect={choose(() => onInspect('data'))} />
                <Item icon="code" text="Query" onSelect={choose(() => onInspect('query'))} />
                <Item icon="code" text="Panel JSON" onSelect={choose(() => onInspect('json'))} />
              </div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

export function PanelLinksMenu({ links }: { links: PanelLink[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  if (links.length === 0) return null;
  return (
    <div className="panel-links" ref={ref}>
      <button
        type="button"
        className="icon-btn panel-links__button"
        aria-label="Panel links"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Panel links"
        onClick={() => setOpen((value) => !value)}
      >
        <Icon name="link" size={14} />
      </button>
      {open && (
        <div className="menu panel-links__popup" role="menu" aria-label="Panel links">
          {links.map((link, index) => (
            <a
              key={index}
              role="menuitem"
              className="menu__item"
              href={link.url}
              target={link.targetBlank ? '_blank' : undefined}
              rel={link.targetBlank ? 'noopener noreferrer' : undefined}
              onClick={close}
            >
              <Icon name={link.targetBlank ? 'externalLink' : 'link'} />
              <span className="panel-menu__text">{link.title}</span>
            </a>
          ))}
        </div>
      )}
    </div>
  );
}
