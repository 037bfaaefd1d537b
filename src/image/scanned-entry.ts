import { sharedMeta, type EntryMeta } from './entry-meta.js';
import type { EntryType, LayerEntry } from './model.js';
import type { FsNode } from './filesystem.js';

/**
 * A layer entry as a scan makes it. The content hash is kept as two 32-bit halves and only spelled out
 * (`xxh64:` and 16 hex digits) when read: a string per file was a fifth of what each entry cost, and
 * entries are most of an image's memory (a million-file image holds a million of them). Type, mode and owner
 * are one shared record (entry-meta.ts). An entry that is not a directory is also its own node in the
 * squashed file tree (filesystem.ts): the layer that wrote it is the one field that adds.
 */
export class ScannedEntry implements LayerEntry, FsNode {
  path: string;
  private meta: EntryMeta;
  size: number;
  linkTarget: string | undefined;
  mtime: number;
  /** The halves of the xxh64 of the content (signed 32-bit), undefined when the entry has no content hash. */
  hashHigh: number | undefined;
  hashLow: number | undefined;
  /** The index of the layer whose tree node this is (-1 until a FileTree places it). */
  layerIndex: number;

  constructor(path: string, type: EntryType, mode: number, uid: number, gid: number, size: number, linkTarget: string | undefined, mtime: number) {
    this.path = path;
    this.meta = sharedMeta(type, mode, uid, gid);
    this.size = size;
    this.linkTarget = linkTarget;
    this.mtime = mtime;
    this.hashHigh = undefined;
    this.hashLow = undefined;
    this.layerIndex = -1;
  }

  /** As a tree node: the entry is its own. */
  get entry(): LayerEntry { return this; }
  get name(): string { return this.path.slice(this.path.lastIndexOf('/') + 1); }
  get children(): undefined { return undefined; }

  get type(): EntryType { return this.meta.type; }
  set type(value: EntryType) { this.meta = sharedMeta(value, this.mode, this.uid, this.gid); }
  get mode(): number { return this.meta.mode; }
  set mode(value: number) { this.meta = sharedMeta(this.type, value, this.uid, this.gid); }
  get uid(): number { return this.meta.uid; }
  set uid(value: number) { this.meta = sharedMeta(this.type, this.mode, value, this.gid); }
  get gid(): number { return this.meta.gid; }
  set gid(value: number) { this.meta = sharedMeta(this.type, this.mode, this.uid, value); }

  /** Any LayerEntry (a cached scan's) as a ScannedEntry. */
  static of(e: LayerEntry): ScannedEntry {
    const entry = new ScannedEntry(e.path, e.type, e.mode, e.uid, e.gid, e.size, e.linkTarget, e.mtime);
    if (e.contentHash !== undefined) entry.contentHash = e.contentHash;
    return entry;
  }

  get contentHash(): string | undefined {
    if (this.hashHigh === undefined || this.hashLow === undefined) return undefined;
    return 'xxh64:' + hex32(this.hashHigh) + hex32(this.hashLow);
  }

  set contentHash(value: string | undefined) {
    const match = value === undefined ? null : /^xxh64:([0-9a-f]{8})([0-9a-f]{8})$/.exec(value);
    if (value !== undefined && !match) throw new Error(`not an xxh64 content hash: ${value}`);
    this.hashHigh = match ? parseInt(match[1], 16) | 0 : undefined;
    this.hashLow = match ? parseInt(match[2], 16) | 0 : undefined;
  }

  /** The 64-bit xxh64 digest as the scan computes it. */
  setDigest(digest: bigint): void {
    this.hashHigh = Number(digest >> 32n) | 0;
    this.hashLow = Number(digest & 0xffffffffn) | 0;
  }

  /** What JSON (the layer cache) holds: the plain entry, keys in the order a scan sets them. */
  toJSON(): LayerEntry {
    return { path: this.path, type: this.type, mode: this.mode, uid: this.uid, gid: this.gid, size: this.size, linkTarget: this.linkTarget, mtime: this.mtime, contentHash: this.contentHash };
  }
}

/** Whether two entries hold the same content hash (both none counts as the same), without spelling either out. */
export function sameContentHash(a: LayerEntry, b: LayerEntry): boolean {
  if (a instanceof ScannedEntry && b instanceof ScannedEntry) return a.hashHigh === b.hashHigh && a.hashLow === b.hashLow;
  return a.contentHash === b.contentHash;
}

function hex32(half: number): string {
  return (half >>> 0).toString(16).padStart(8, '0');
}
