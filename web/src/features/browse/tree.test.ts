import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../api/types';
import { visibleTree } from './tree';

const hit = (uid: string, type: SearchHit['type'], folderUid?: string): SearchHit => ({
  id: 0,
  uid,
  title: uid,
  url: '',
  type,
  tags: [],
  isStarred: false,
  folderUid,
});

describe('visibleTree', () => {
  const hits = [hit('z-dash', 'dash-db'), hit('prod', 'dash-folder'), hit('api', 'dash-folder', 'prod'), hit('svc', 'dash-db', 'api'), hit('a-dash', 'dash-db', 'prod')];

  it('lists folders first, collapsed', () => {
    expect(visibleTree(hits, new Set()).map((node) => node.hit.uid)).toEqual(['prod', 'z-dash']);
  });

  it('shows the children of expanded folders, nested', () => {
    expect(visibleTree(hits, new Set(['prod', 'api'])).map((node) => [node.hit.uid, node.depth])).toEqual([
      ['prod', 0],
      ['api', 1],
      ['svc', 2],
      ['a-dash', 1],
      ['z-dash', 0],
    ]);
  });

  it('starts at a folder', () => {
    expect(visibleTree(hits, new Set(), 'prod').map((node) => node.hit.uid)).toEqual(['api', 'a-dash']);
  });
});
