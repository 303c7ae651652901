// Recently viewed dashboards, kept as Grafana keeps them: a list of dashboard uids in the
// browser's localStorage, newest first, at most 50, here keyed per user and organization
// (Grafana's server has no endpoint for it). Titles and folders come from `/api/search` by
// uid, which also drops dashboards that were deleted or may no longer be seen.
import { useEffect } from 'react';
import { api } from '../../api/client';
import type { SearchHit } from '../../api/types';
import { useSession } from '../../app/session';

export const MAX_RECENT = 50;

export interface RecentOwner {
  id: number;
  orgId: number;
}

/** Storage key of the user's list in their current organization. */
export function recentKey(owner: RecentOwner): string {
  return `sightline.recentDashboards.${owner.orgId}.${owner.id}`;
}

/** `uid` moved (or added) to the front; the list stays at most `max` long. */
export function withRecent(list: readonly string[], uid: string, max: number = MAX_RECENT): string[] {
  return [uid, ...list.filter((other) => other !== uid)].slice(0, max);
}

/** Reads a stored list, ignoring anything that is not a list of uids. */
export function parseRecent(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter((uid): uid is string => typeof uid === 'string' && uid.length > 0).slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}

/** The hits in the order of `uids` (the search answers by title), dashboards only. */
export function orderByRecent(uids: readonly string[], hits: readonly SearchHit[]): SearchHit[] {
  const byUid = new Map(hits.filter((hit) => hit.type === 'dash-db').map((hit) => [hit.uid, hit]));
  return uids.flatMap((uid) => byUid.get(uid) ?? []);
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function readRecent(owner: RecentOwner): string[] {
  return parseRecent(storage()?.getItem(recentKey(owner)) ?? null);
}

function writeRecent(owner: RecentOwner, uids: string[]): void {
  try {
    storage()?.setItem(recentKey(owner), JSON.stringify(uids));
  } catch {
    // Storage full or refused: the list is a convenience.
  }
}

export function clearRecent(owner: RecentOwner): void {
  try {
    storage()?.removeItem(recentKey(owner));
  } catch {
    // Nothing to clear.
  }
}

export function recordRecentView(owner: RecentOwner, uid: string): void {
  writeRecent(owner, withRecent(readRecent(owner), uid));
}

/**
 * The user's recently viewed dashboards, newest first, at most `limit`. Uids the search no
 * longer finds are dropped from the stored list.
 */
export async function loadRecentDashboards(owner: RecentOwner, limit: number, signal?: AbortSignal): Promise<SearchHit[]> {
  const uids = readRecent(owner);
  if (uids.length === 0) return [];
  const wanted = uids.slice(0, limit);
  const hits = orderByRecent(wanted, await api.search({ dashboardUIDs: wanted, type: 'dash-db', limit: wanted.length }, signal));
  if (hits.length < wanted.length) {
    const found = new Set(hits.map((hit) => hit.uid));
    writeRecent(owner, readRecent(owner).filter((uid) => !wanted.includes(uid) || found.has(uid)));
  }
  return hits;
}

/** Records that the signed-in user opened the dashboard `uid` (once it has loaded). */
export function useRecordRecentView(uid: string | undefined): void {
  const { user } = useSession();
  const userId = user?.id;
  const orgId = user?.orgId;
  useEffect(() => {
    if (uid && userId !== undefined && orgId !== undefined) recordRecentView({ id: userId, orgId }, uid);
  }, [uid, userId, orgId]);
}
