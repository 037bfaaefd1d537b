import type { EntryType } from './model.js';

/**
 * What many entries of an image share: type, mode and owner. A layer's files come in a handful of these
 * combinations, so an entry points at a shared record instead of holding four fields of its own (at a million
 * entries, 24 MB).
 */
export interface EntryMeta {
  readonly type: EntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * Records kept for sharing, at most: past this an archive with an owner or mode per file (hostile, or
 * generated) would fill the cache with records nobody shares, so the rest get records of their own.
 */
export const SHARED_META_LIMIT = 4096;

// Keyed type → mode → uid → gid, all numbers and strings as they come: no key string made per entry.
const cache = new Map<EntryType, Map<number, Map<number, Map<number, EntryMeta>>>>();
let cached = 0;

function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** The shared record for these values (the same object for the same values while the cache has room). */
export function sharedMeta(type: EntryType, mode: number, uid: number, gid: number): EntryMeta {
  // Neighbouring entries mostly share theirs: the last answer first, before four map lookups.
  if (last !== undefined && last.type === type && last.mode === mode && last.uid === uid && last.gid === gid) return last;
  const byGid = cache.get(type)?.get(mode)?.get(uid);
  const found = byGid?.get(gid);
  if (found !== undefined) return (last = found);
  const meta: EntryMeta = Object.freeze({ type, mode, uid, gid });
  if (cached >= SHARED_META_LIMIT) return meta;
  (byGid ?? child(child(child(cache, type, () => new Map()), mode, () => new Map()), uid, () => new Map())).set(gid, meta);
  cached++;
  return (last = meta);
}

let last: EntryMeta | undefined;
