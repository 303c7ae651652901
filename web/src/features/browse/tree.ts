// The browse view's folder tree, built from one search of every folder and dashboard.
import type { SearchHit } from '../../api/types';

export interface TreeNode {
  hit: SearchHit;
  depth: number;
}

function byKindThenTitle(a: SearchHit, b: SearchHit): number {
  if (a.type !== b.type) return a.type === 'dash-folder' ? -1 : 1;
  return a.title.localeCompare(b.title, undefined, { sensitivity: 'base' });
}

/** The visible rows under `rootUid` (the root when empty): each folder's children follow it
 * when it is expanded, folders before dashboards, by title. */
export function visibleTree(hits: SearchHit[], expanded: ReadonlySet<string>, rootUid = ''): TreeNode[] {
  const children = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    const parent = hit.folderUid ?? '';
    const list = children.get(parent);
    if (list) list.push(hit);
    else children.set(parent, [hit]);
  }
  const rows: TreeNode[] = [];
  const visit = (parent: string, depth: number, seen: Set<string>) => {
    for (const hit of [...(children.get(parent) ?? [])].sort(byKindThenTitle)) {
      rows.push({ hit, depth });
      if (hit.type === 'dash-folder' && expanded.has(hit.uid) && !seen.has(hit.uid)) {
        visit(hit.uid, depth + 1, new Set(seen).add(hit.uid));
      }
    }
  };
  visit(rootUid, 0, new Set([rootUid]));
  return rows;
}
