// "Recently viewed" on the browse page: the user's last opened dashboards as cards, newest
// first, with the folder each lives in. Collapsible (remembered), and the history can be cleared.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { SearchHit } from '../../api/types';
import { routeFromUrl } from '../../app/base';
import { Icon } from '../../app/Icon';
import { useUser } from '../../app/session';
import { clearRecent, loadRecentDashboards } from './recent';

const SHOWN = 8;
const COLLAPSED_KEY = 'sightline.browse.recentCollapsed';

function initiallyCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === 'true';
  } catch {
    return false;
  }
}

export function RecentlyViewed() {
  const user = useUser();
  const [hits, setHits] = useState<SearchHit[]>();
  const [collapsed, setCollapsed] = useState(initiallyCollapsed);

  useEffect(() => {
    const controller = new AbortController();
    loadRecentDashboards({ id: user.id, orgId: user.orgId }, SHOWN, controller.signal).then(setHits, () => setHits([]));
    return () => controller.abort();
  }, [user.id, user.orgId]);

  if (!hits || hits.length === 0) return null;

  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    try {
      localStorage.setItem(COLLAPSED_KEY, String(next));
    } catch {
      // Not remembered; fine.
    }
  };

  return (
    <section className="recent" aria-label="Recently viewed">
      <div className="recent__header">
        <button type="button" className="recent__toggle" onClick={toggle} aria-expanded={!collapsed}>
          <Icon name={collapsed ? 'chevronRight' : 'chevronDown'} size={14} />
          <Icon name="history" size={16} />
          <span>Recently viewed</span>
        </button>
        {!collapsed && (
          <button
            type="button"
            className="recent__clear"
            onClick={() => {
              clearRecent({ id: user.id, orgId: user.orgId });
              setHits([]);
            }}
          >
            Clear history
          </button>
        )}
      </div>
      {!collapsed && (
        <ul className="recent__cards">
          {hits.map((hit) => (
            <li key={hit.uid}>
              <Link to={routeFromUrl(hit.url)} className="recent__card">
                <Icon name="dashboards" className="recent__icon" />
                <span className="recent__text">
                  <span className="recent__title">{hit.title}</span>
                  <span className="recent__folder">
                    <Icon name="folder" size={12} /> {hit.folderTitle ?? 'Dashboards'}
                  </span>
                </span>
                {hit.isStarred && <Icon name="star" filled size={14} className="recent__star" />}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
