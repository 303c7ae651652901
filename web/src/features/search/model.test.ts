import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../api/types';
import { flatten, moveSelection, overlayKeyAction, overlaySections } from './model';

const hit = (uid: string, type: SearchHit['type'] = 'dash-db'): SearchHit => ({ id: 1, uid, title: uid, url: `/d/${uid}`, type, tags: [], isStarred: false });

describe('overlayKeyAction', () => {
  it('moves with the arrows and Ctrl+N/P, opens with Enter, closes with Escape', () => {
    expect(overlayKeyAction({ key: 'ArrowDown' }, false)).toBe('next');
    expect(overlayKeyAction({ key: 'n', ctrlKey: true }, false)).toBe('next');
    expect(overlayKeyAction({ key: 'ArrowUp' }, false)).toBe('previous');
    expect(overlayKeyAction({ key: 'p', ctrlKey: true }, true)).toBe('previous');
    expect(overlayKeyAction({ key: 'Enter' }, false)).toBe('open');
    expect(overlayKeyAction({ key: 'Escape' }, false)).toBe('close');
  });

  it('closes on the shortcut that opened it, for the platform', () => {
    expect(overlayKeyAction({ key: 'k', ctrlKey: true }, false)).toBe('close');
    expect(overlayKeyAction({ key: 'k', metaKey: true }, true)).toBe('close');
    expect(overlayKeyAction({ key: 'k', metaKey: true }, false)).toBeUndefined();
  });

  it('leaves typing to the field', () => {
    expect(overlayKeyAction({ key: 'a' }, false)).toBeUndefined();
    expect(overlayKeyAction({ key: '/' }, false)).toBeUndefined();
    expect(overlayKeyAction({ key: 'ArrowLeft' }, false)).toBeUndefined();
  });
});

describe('moveSelection', () => {
  it('moves and wraps at both ends', () => {
    expect(moveSelection(0, 1, 3)).toBe(1);
    expect(moveSelection(2, 1, 3)).toBe(0);
    expect(moveSelection(0, -1, 3)).toBe(2);
  });

  it('starts at the first or last row without a selection', () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
  });

  it('selects nothing among no rows', () => {
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe('overlaySections', () => {
  it('shows recent dashboards before anything is typed', () => {
    const recent = [hit('a'), hit('b')];
    expect(overlaySections('', recent, undefined)).toEqual([{ title: 'Recent dashboards', hits: recent }]);
    expect(overlaySections('  ', [], undefined)).toEqual([]);
  });

  it('lists dashboards, then folders, for a query', () => {
    const sections = overlaySections('ops', [hit('r')], [hit('f1', 'dash-folder'), hit('d1'), hit('d2')]);
    expect(sections.map((section) => section.title)).toEqual(['Dashboards', 'Folders']);
    expect(flatten(sections).map((row) => row.uid)).toEqual(['d1', 'd2', 'f1']);
    expect(overlaySections('ops', [], [hit('d1')]).map((section) => section.title)).toEqual(['Dashboards']);
    expect(overlaySections('ops', [], undefined)).toEqual([]);
  });
});
