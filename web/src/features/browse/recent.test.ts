import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../api/types';
import { MAX_RECENT, orderByRecent, parseRecent, recentKey, withRecent } from './recent';

const hit = (uid: string, type: SearchHit['type'] = 'dash-db'): SearchHit => ({ id: 1, uid, title: `Title ${uid}`, url: `/d/${uid}`, type, tags: [], isStarred: false });

describe('withRecent', () => {
  it('puts the viewed dashboard first', () => {
    expect(withRecent([], 'a')).toEqual(['a']);
    expect(withRecent(['a', 'b'], 'c')).toEqual(['c', 'a', 'b']);
  });

  it('moves a dashboard seen before to the front without repeating it', () => {
    expect(withRecent(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    expect(withRecent(['a'], 'a')).toEqual(['a']);
  });

  it('keeps at most 50, dropping the oldest', () => {
    const full = Array.from({ length: MAX_RECENT }, (_, index) => `d${index}`);
    const next = withRecent(full, 'new');
    expect(next).toHaveLength(MAX_RECENT);
    expect(next[0]).toBe('new');
    expect(next).not.toContain(`d${MAX_RECENT - 1}`);
    expect(withRecent(['a', 'b', 'c'], 'd', 2)).toEqual(['d', 'a']);
  });
});

describe('stored lists', () => {
  it('are kept per organization and user', () => {
    expect(recentKey({ id: 1, orgId: 1 })).not.toBe(recentKey({ id: 2, orgId: 1 }));
    expect(recentKey({ id: 1, orgId: 1 })).not.toBe(recentKey({ id: 1, orgId: 2 }));
  });

  it('read only uids from what is stored', () => {
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent('["a", 3, "", null, "b"]')).toEqual(['a', 'b']);
  });
});

describe('orderByRecent', () => {
  it('orders search hits by the recent list and drops what the search did not find', () => {
    const hits = [hit('b'), hit('a'), hit('folder', 'dash-folder')];
    expect(orderByRecent(['a', 'gone', 'b', 'folder'], hits).map((found) => found.uid)).toEqual(['a', 'b']);
  });
});
