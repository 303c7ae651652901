// Browse dashboards (`/dashboards`, a folder at `/dashboards/f/:uid`): the folder tree, or a
// flat list when searching by text, tags or stars. Filters live in the URL as Grafana's do
// (`?query=&tag=&starred=true`), so a filtered view can be linked.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { SearchHit } from '../../api/types';
import { routeFromUrl } from '../../app/base';
import { usePageCrumbs, type Crumb } from '../../app/chrome';
import { Icon } from '../../app/Icon';
import { useDismiss } from '../../app/useDismiss';
import { RecentlyViewed } from './RecentlyViewed';
import { tagColor } from './tags';
import { visibleTree, type TreeNode } from './tree';
import './browse.css';

export function BrowsePage() {
  const { folderUid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const query = params.get('query') ?? '';
  const tags = params.getAll('tag');
  const starred = params.get('starred') === 'true';
  const filtering = Boolean(query || tags.length || starred);

  const [everything, setEverything] = useState<SearchHit[]>();
  const [found, setFound] = useState<{ key: string; hits: SearchHit[] }>();
  const [error, setError] = useState<string>();
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());

  useEffect(() => {
    const controller = new AbortController();
    api
      .search({ limit: 5000 }, controller.signal)
      .then(setEverything)
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      });
    return () => controller.abort();
  }, []);

  const searchKey = JSON.stringify([query, tags, starred, folderUid]);
  const results = filtering && found?.key === searchKey ? found.hits : undefined;
  useEffect(() => {
    if (!filtering) return;
    const controller = new AbortController();
    const [text, tagList, onlyStarred, folder] = JSON.parse(searchKey) as [string, string[], boolean, string];
    api
      .search({ query: text, tags: tagList, starred: onlyStarred, limit: 1000, folderUIDs: folder ? [folder] : undefined }, controller.signal)
      .then((hits) => setFound({ key: searchKey, hits }))
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      });
    return () => controller.abort();
  }, [filtering, searchKey]);

  const folder = everything?.find((hit) => hit.type === 'dash-folder' && hit.uid === folderUid);
  const crumbs: Crumb[] = [{ text: 'Home', to: '/' }, { text: 'Dashboards', to: '/dashboards' }];
  if (folder?.folderUid && folder.folderTitle) crumbs.push({ text: folder.folderTitle, to: routeFromUrl(folder.folderUrl ?? '') });
  if (folderUid) crumbs.push({ text: folder?.title ?? 'Folder' });
  usePageCrumbs(crumbs);

  const updateParams = useCallback(
    (change: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(params);
      change(next);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  const toggleStar = async (hit: SearchHit) => {
    const isStarred = !hit.isStarred;
    await (isStarred ? api.star(hit.uid) : api.unstar(hit.uid));
    const update = (list: SearchHit[]) => list.map((item) => (item.uid === hit.uid && item.type === 'dash-db' ? { ...item, isStarred } : item));
    setEverything((list) => list && update(list));
    setFound((current) => current && { ...current, hits: update(current.hits) });
  };

  const rows: TreeNode[] = useMemo(() => {
    if (filtering) return (results ?? []).map((hit) => ({ hit, depth: 0 }));
    return everything ? visibleTree(everything, expanded, folderUid) : [];
  }, [filtering, results, everything, expanded, folderUid]);

  const loading = filtering ? results === undefined : everything === undefined;

  return (
    <div className="page browse">
      <div className="page__header">
        <div>
          <h1 className="page__title">{folder ? folder.title : 'Dashboards'}</h1>
          <div className="page__subtitle">{folder ? 'Dashboards and folders in this folder' : 'Create and manage dashboards to visualize your data'}</div>
        </div>
      </div>
      <div className="browse__filters">
        <SearchInput value={query} onChange={(value) => updateParams((next) => (value ? next.set('query', value) : next.delete('query')))} />
        <TagFilter
          selected={tags}
          onChange={(selected) =>
            updateParams((next) => {
              next.delete('tag');
              for (const tag of selected) next.append('tag', tag);
            })
          }
        />
        <label className="browse__starred">
          <input type="checkbox" checked={starred} onChange={(event) => updateParams((next) => (event.target.checked ? next.set('starred', 'true') : next.delete('starred')))} />
          <Icon name="star" filled={starred} /> Starred
        </label>
      </div>
      {!filtering && !folderUid && <RecentlyViewed />}
      {tags.length > 0 && (
        <div className="browse__active-tags">
          {tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className="tag"
              style={{ background: tagColor(tag) }}
              onClick={() => updateParams((next) => {
                next.delete('tag');
                for (const other of tags) if (other !== tag) next.append('tag', other);
              })}
              aria-label={`Remove tag filter ${tag}`}
            >
              {tag} <Icon name="close" size={12} />
            </button>
          ))}
        </div>
      )}
      {error ? (
        <div className="browse__error" role="alert">
          <Icon name="warning" /> {error}
        </div>
      ) : (
        <div className="browse__table" role="table" aria-label="Dashboards" aria-busy={loading}>
          <div className="browse__row browse__row--head" role="row">
            <span role="columnheader">Name</span>
            {filtering && <span role="columnheader">Location</span>}
            <span role="columnheader">Tags</span>
            <span role="columnheader" className="visually-hidden">Star</span>
          </div>
          {loading && <div className="browse__empty"><span className="spinner" /></div>}
          {!loading && rows.length === 0 && (
            <EmptyState filtering={filtering} onClear={() => setParams(new URLSearchParams(), { replace: true })} />
          )}
          {rows.map((node) => (
            <HitRow
              key={`${node.hit.type}:${node.hit.uid}`}
              node={node}
              showLocation={filtering}
              expanded={expanded.has(node.hit.uid)}
              onToggle={() =>
                setExpanded((current) => {
                  const next = new Set(current);
                  if (!next.delete(node.hit.uid)) next.add(node.hit.uid);
                  return next;
                })
              }
              onTag={(tag) => updateParams((next) => !tags.includes(tag) && next.append('tag', tag))}
              onStar={() => void toggleStar(node.hit)}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function SearchInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const last = useRef(value);
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === last.current) return;
    const timer = setTimeout(() => {
      last.current = text;
      onChange(text);
    }, 200);
    return () => clearTimeout(timer);
  }, [text, onChange]);
  return (
    <div className="browse__search">
      <Icon name="search" />
      <input
        className="input"
        type="search"
        placeholder="Search for dashboards and folders"
        aria-label="Search dashboards"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </div>
  );
}

function TagFilter({ selected, onChange }: { selected: string[]; onChange: (tags: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const [tags, setTags] = useState<{ term: string; count: number }[]>();
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  useEffect(() => {
    if (open && !tags) api.dashboardTags().then(setTags, () => setTags([]));
  }, [open, tags]);
  return (
    <div className="tag-filter" ref={ref}>
      <button type="button" className="btn" aria-haspopup="listbox" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        <Icon name="tag" /> {selected.length ? `Tags (${selected.length})` : 'Filter by tag'} <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div className="menu tag-filter__popup" role="listbox" aria-multiselectable="true">
          {!tags && <div className="menu__item">Loading…</div>}
          {tags?.length === 0 && <div className="menu__item tag-filter__none">No tags yet</div>}
          {tags?.map((tag) => {
            const isSelected = selected.includes(tag.term);
            return (
              <button
                key={tag.term}
                type="button"
                role="option"
                aria-selected={isSelected}
                className={`menu__item${isSelected ? ' is-selected' : ''}`}
                onClick={() => onChange(isSelected ? selected.filter((other) => other !== tag.term) : [...selected, tag.term])}
              >
                <input type="checkbox" readOnly checked={isSelected} tabIndex={-1} />
                <span className="tag" style={{ background: tagColor(tag.term) }}>{tag.term}</span>
                <span className="tag-filter__count">{tag.count}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

function HitRow(props: {
  node: TreeNode;
  showLocation: boolean;
  expanded: boolean;
  onToggle: () => void;
  onTag: (tag: string) => void;
  onStar: () => void;
}) {
  const { hit, depth } = props.node;
  const isFolder = hit.type === 'dash-folder';
  const to = routeFromUrl(hit.url);
  return (
    <div className="browse__row" role="row">
      <span role="cell" className="browse__name" style={{ paddingLeft: depth * 24 }}>
        {isFolder && !props.showLocation ? (
          <button type="button" className="icon-btn browse__expand" onClick={props.onToggle} aria-label={`${props.expanded ? 'Collapse' : 'Expand'} folder ${hit.title}`} aria-expanded={props.expanded}>
            <Icon name={props.expanded ? 'chevronDown' : 'chevronRight'} size={14} />
          </button>
        ) : (
          <span className="browse__expand-space" />
        )}
        <Icon name={isFolder ? (props.expanded ? 'folderOpen' : 'folder') : 'dashboards'} className="browse__kind" />
        <Link to={to} className="browse__title">
          {hit.title}
        </Link>
      </span>
      {props.showLocation && (
        <span role="cell" className="browse__location">
          {hit.folderTitle ? (
            <>
              <Icon name="folder" size={14} /> {hit.folderTitle}
            </>
          ) : (
            <>
              <Icon name="dashboards" size={14} /> Dashboards
            </>
          )}
        </span>
      )}
      <span role="cell" className="browse__tags">
        {hit.tags.map((tag) => (
          <button key={tag} type="button" className="tag" style={{ background: tagColor(tag) }} onClick={() => props.onTag(tag)} title={`Filter by tag ${tag}`}>
            {tag}
          </button>
        ))}
      </span>
      <span role="cell" className="browse__star">
        {!isFolder && (
          <button
            type="button"
            className={`icon-btn${hit.isStarred ? ' is-starred' : ''}`}
            onClick={props.onStar}
            aria-label={hit.isStarred ? `Unmark ${hit.title} as favorite` : `Mark ${hit.title} as favorite`}
            aria-pressed={hit.isStarred}
          >
            <Icon name="star" filled={hit.isStarred} />
          </button>
        )}
      </span>
    </div>
  );
}

function EmptyState({ filtering, onClear }: { filtering: boolean; onClear: () => void }) {
  if (filtering) {
    return (
      <div className="browse__empty">
        <p>No results found for your query.</p>
        <button type="button" className="btn" onClick={onClear}>
          Clear search and filters
        </button>
      </div>
    );
  }
  return (
    <div className="browse__empty">
      <Icon name="dashboards" size={32} />
      <p>No dashboards yet.</p>
      <p className="browse__hint">
        Add one with <code>POST /api/dashboards/db</code>, <code>/api/dashboards/import</code> or a provisioning file.
      </p>
    </div>
  );
}
