// The search overlay's logic without React: what a key does, how the selection moves, and
// which rows show (recently viewed dashboards before typing, search results after).
import type { SearchHit } from '../../api/types';
import { keyName, type KeyLike } from '../../app/keys';

export type OverlayAction = 'next' | 'previous' | 'open' | 'close';

/** What a key pressed in the overlay's search field does; `undefined` lets the field have it. */
export function overlayKeyAction(event: KeyLike, mac: boolean): OverlayAction | undefined {
  switch (keyName(event)) {
    case 'down':
    case 'ctrl+n':
      return 'next';
    case 'up':
    case 'ctrl+p':
      return 'previous';
    case 'enter':
      return 'open';
    case 'esc':
      return 'close';
    case mac ? 'meta+k' : 'ctrl+k':
      return 'close';
    default:
      return undefined;
  }
}

/** The selection after moving `delta` rows among `count`, wrapping at both ends; -1 when empty. */
export function moveSelection(index: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (index < 0) return delta > 0 ? 0 : count - 1;
  return (((index + delta) % count) + count) % count;
}

export interface OverlaySection {
  title: string;
  hits: SearchHit[];
}

/** Rows by section: recent dashboards while the query is empty, else dashboards then folders. */
export function overlaySections(query: string, recent: readonly SearchHit[], results: readonly SearchHit[] | undefined): OverlaySection[] {
  if (!query.trim()) return recent.length > 0 ? [{ title: 'Recent dashboards', hits: [...recent] }] : [];
  const found = results ?? [];
  const sections: OverlaySection[] = [
    { title: 'Dashboards', hits: found.filter((hit) => hit.type === 'dash-db') },
    { title: 'Folders', hits: found.filter((hit) => hit.type === 'dash-folder') },
  ];
  return sections.filter((section) => section.hits.length > 0);
}

/** The rows in display order, for keyboard selection. */
export function flatten(sections: readonly OverlaySection[]): SearchHit[] {
  return sections.flatMap((section) => section.hits);
}
