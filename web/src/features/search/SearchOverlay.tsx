// The search overlay (Grafana's "Search or jump to", opened with Ctrl/Cmd+K or `/`): recently
// viewed dashboards at first, `/api/search` results as the user types; arrow keys choose,
// Enter opens, Escape (or a click outside) closes.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { SearchHit } from '../../api/types';
import { routeFromUrl } from '../../app/base';
import { Icon } from '../../app/Icon';
import { IS_MAC } from '../../app/keys';
import { useUser } from '../../app/session';
import { loadRecentDashboards } from '../browse/recent';
import { flatten, moveSelection, overlayKeyAction, overlaySections } from './model';
import './search.css';

const RECENT_SHOWN = 8;
const RESULTS_LIMIT = 50;
const TYPING_PAUSE_MS = 150;

export default function SearchOverlay({ onClose }: { onClose: () => void }) {
  const user = useUser();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [recent, setRecent] = useState<SearchHit[]>([]);
  const [found, setFound] = useState<{ query: string; hits: SearchHit[] }>();
  const [failure, setFailure] = useState<string>();
  const [selected, setSelected] = useState(0);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    loadRecentDashboards({ id: user.id, orgId: user.orgId }, RECENT_SHOWN, controller.signal).then(setRecent, () => setRecent([]));
    return () => controller.abort();
  }, [user.id, user.orgId]);

  const text = query.trim();
  useEffect(() => {
    if (!text) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .search({ query: text, limit: RESULTS_LIMIT }, controller.signal)
        .then((hits) => {
          setFound({ query: text, hits });
          setFailure(undefined);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setFailure(error instanceof Error ? error.message : String(error));
        });
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const results = found?.query === text ? found.hits : undefined;
  const sections = useMemo(() => overlaySections(text, recent, results), [text, recent, results]);
  const rows = useMemo(() => flatten(sections), [sections]);
  // Each section's first row's position among all rows.
  const firstRows = useMemo(() => sections.map((_, at) => sections.slice(0, at).reduce((sum, section) => sum + section.hits.length, 0)), [sections]);
  const searching = Boolean(text) && results === undefined && !failure;
  const current = rows.length === 0 ? -1 : Math.min(selected, rows.length - 1);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const open = (hit: SearchHit) => {
    onClose();
    void navigate(routeFromUrl(hit.url));
  };

  // Focus goes back where it was when the overlay closes.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    return () => previous?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // The field is the dialog's only stop: Tab stays in it.
    if (event.key === 'Tab') event.preventDefault();
    const action = overlayKeyAction(event, IS_MAC);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action === 'close') onClose();
    else if (action === 'open') {
      const hit = rows[current];
      if (hit) open(hit);
    } else setSelected(moveSelection(current, action === 'next' ? 1 : -1, rows.length));
  };

  return (
    <div className="search-overlay" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="search-overlay__panel" role="dialog" aria-modal="true" aria-label="Search">
        <div className="search-overlay__field">
          <Icon name="search" size={18} />
          <input
            className="search-overlay__input"
            placeholder="Search dashboards and folders"
            aria-label="Search dashboards and folders"
            role="combobox"
            aria-expanded={rows.length > 0}
            aria-controls="search-overlay-results"
            aria-activedescendant={current >= 0 ? `search-hit-${current}` : undefined}
            autoFocus
            spellCheck={false}
            autoComplete="off"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setSelected(0);
            }}
            onKeyDown={onKeyDown}
          />
          {searching && <span className="spinner" aria-label="Searching" />}
          <kbd className="search-overlay__esc">esc</kbd>
        </div>
        <div className="search-overlay__results" id="search-overlay-results" role="listbox" aria-label="Results" ref={list}>
          {failure && (
            <div className="search-overlay__empty" role="alert">
              <Icon name="warning" /> {failure}
            </div>
          )}
          {!failure && rows.length === 0 && !searching && (
            <div className="search-overlay__empty">{text ? `No dashboards or folders match “${text}”.` : 'Type to search dashboards and folders. Dashboards you open show up here.'}</div>
          )}
          {sections.map((section, sectionIndex) => (
            <div key={section.title} className="search-overlay__section" role="group" aria-label={section.title}>
              <div className="search-overlay__heading">{section.title}</div>
              {section.hits.map((hit, hitIndex) => {
                const position = (firstRows[sectionIndex] ?? 0) + hitIndex;
                const isSelected = position === current;
                return (
                  <div
                    key={`${hit.type}:${hit.uid}`}
                    id={`search-hit-${position}`}
                    role="option"
                    aria-selected={isSelected}
                    className={`search-overlay__hit${isSelected ? ' is-selected' : ''}`}
                    onPointerMove={() => position !== current && setSelected(position)}
                    onClick={() => open(hit)}
                  >
                    <Icon name={hit.type === 'dash-folder' ? 'folder' : 'dashboards'} className="search-overlay__kind" />
                    <span className="search-overlay__title">{hit.title}</span>
                    <span className="search-overlay__location">
                      {hit.type === 'dash-db' && (
                        <>
                          <Icon name="folder" size={12} /> {hit.folderTitle ?? 'Dashboards'}
                        </>
                      )}
                    </span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div className="search-overlay__footer">
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> to navigate
          </span>
          <span>
            <kbd>↵</kbd> to open
          </span>
          <span>
            <kbd>esc</kbd> to close
          </span>
        </div>
      </div>
    </div>
  );
}
