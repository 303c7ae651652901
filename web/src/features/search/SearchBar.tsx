// The top bar's search field (a button that looks like one) and the shortcuts that open the
// search overlay anywhere: Ctrl/Cmd+K and `/`, as in Grafana. The overlay loads on first use.
import { lazy, Suspense, useCallback, useState } from 'react';
import { Icon } from '../../app/Icon';
import { IS_MAC, useShortcuts } from '../../app/keys';
import './search.css';

const SearchOverlay = lazy(() => import('./SearchOverlay'));

export function SearchBar() {
  const [open, setOpen] = useState(false);
  const show = useCallback(() => setOpen(true), []);
  const close = useCallback(() => setOpen(false), []);
  useShortcuts({ 'mod+k': show, '/': show }, !open);
  return (
    <>
      <button type="button" className="search-bar" onClick={show} aria-label="Search or jump to" aria-haspopup="dialog" aria-keyshortcuts={IS_MAC ? 'Meta+K /' : 'Control+K /'}>
        <Icon name="search" size={14} />
        <span className="search-bar__text">Search or jump to...</span>
        <kbd className="search-bar__keys">{IS_MAC ? '⌘+k' : 'ctrl+k'}</kbd>
      </button>
      {open && (
        <Suspense fallback={null}>
          <SearchOverlay onClose={close} />
        </Suspense>
      )}
    </>
  );
}
