// The frame of every signed-in page: a top bar (menu toggle, logo, breadcrumbs, theme and
// user menu) and a navigation column that docks on wide screens.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { LOGOUT_URL } from '../api/client';
import { useCrumbs } from './chrome';
import { Icon, Logo, type IconName } from './Icon';
import { kioskMode } from './kiosk';
import { OrgMenuSection, OrgSwitcher } from './OrgSwitcher';
import { SearchBar } from '../features/search/SearchBar';
import { useUser } from './session';
import { useTheme } from './theme';
import { useDismiss } from './useDismiss';
import './layout.css';

const NAV: { to: string; text: string; icon: IconName; end?: boolean }[] = [
  { to: '/', text: 'Home', icon: 'home', end: true },
  { to: '/dashboards', text: 'Dashboards', icon: 'dashboards' },
  { to: '/explore', text: 'Explore', icon: 'explore' },
  { to: '/alerting', text: 'Alerting', icon: 'alerting' },
  { to: '/connections/datasources', text: 'Connections', icon: 'connections' },
  { to: '/admin', text: 'Administration', icon: 'admin' },
];

const NAV_KEY = 'sightline.nav.docked';

function initialDocked(): boolean {
  try {
    return localStorage.getItem(NAV_KEY) !== 'false' && window.innerWidth >= 1200;
  } catch {
    return window.innerWidth >= 1200;
  }
}

export function Layout({ children }: { children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(initialDocked);
  const toggleNav = () => {
    setNavOpen((open) => {
      try {
        localStorage.setItem(NAV_KEY, String(!open));
      } catch {
        // Not kept; fine.
      }
      return !open;
    });
  };
  const kiosk = kioskMode(new URLSearchParams(useLocation().search));
  return (
    <div className={`app ${navOpen ? 'app--nav-open' : ''}${kiosk === 'off' ? '' : ` app--kiosk app--kiosk-${kiosk}`}`}>
      {kiosk === 'off' && <TopBar onToggleNav={toggleNav} navOpen={navOpen} />}
      <div className="app-body">
        <nav className="side-nav" aria-label="Main" hidden={!navOpen || kiosk !== 'off'}>
          <div className="side-nav__items">
            {NAV.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} className={({ isActive }) => `side-nav__item${isActive ? ' is-active' : ''}`}>
                <Icon name={item.icon} size={18} />
                <span>{item.text}</span>
              </NavLink>
            ))}
          </div>
        </nav>
        <main className="app-main">{children}</main>
      </div>
    </div>
  );
}

function TopBar({ onToggleNav, navOpen }: { onToggleNav: () => void; navOpen: boolean }) {
  const crumbs = useCrumbs();
  const { theme, toggleTheme } = useTheme();
  return (
    <header className="top-bar">
      <button type="button" className="icon-btn" onClick={onToggleNav} aria-label={navOpen ? 'Close menu' : 'Open menu'} aria-expanded={navOpen}>
        <Icon name="menu" size={18} />
      </button>
      <Link to="/" className="top-bar__logo" aria-label="Home">
        <Logo size={24} />
      </Link>
      <OrgSwitcher />
      <ol className="breadcrumbs" aria-label="Breadcrumbs">
        {crumbs.map((crumb, index) => (
          <li key={index} className="breadcrumbs__item">
            {index > 0 && <Icon name="chevronRight" size={12} className="breadcrumbs__sep" />}
            {crumb.to && index < crumbs.length - 1 ? <Link to={crumb.to}>{crumb.text}</Link> : <span aria-current="page">{crumb.text}</span>}
          </li>
        ))}
      </ol>
      <SearchBar />
      <div className="top-bar__actions">
        <button
          type="button"
          className="icon-btn"
          onClick={toggleTheme}
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={18} />
        </button>
        <UserMenu />
      </div>
    </header>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[words.length - 1]![0]}` : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

function UserMenu() {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  const display = user.name || user.login;
  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu__button"
        onClick={() => setOpen((value) => !value)}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`User menu for ${display}`}
      >
        <span className="avatar">{initials(display)}</span>
      </button>
      {open && (
        <div className="menu user-menu__popup" role="menu">
          <div className="user-menu__who">
            <span className="avatar avatar--large">{initials(display)}</span>
            <div>
              <div className="user-menu__name">{display}</div>
              <div className="user-menu__login">{user.email || user.login}</div>
            </div>
          </div>
          <Link to="/profile" role="menuitem" className="menu__item" onClick={close}>
            <Icon name="user" /> Profile
          </Link>
          <OrgMenuSection />
          <div className="menu__divider" />
          {/* A full navigation: GET /logout clears the session and redirects to /login. */}
          <a href={LOGOUT_URL} role="menuitem" className="menu__item">
            <Icon name="signOut" /> Sign out
          </a>
        </div>
      )}
    </div>
  );
}
