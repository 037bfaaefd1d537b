import type { FileTree, FsNode, RemovalCause, RemovedVersion } from '../image/filesystem.js';
import { ScannedEntry, sameContentHash } from '../image/scanned-entry.js';
import type { Layer, LayerEntry } from '../image/model.js';
import { topSorted } from './top-sorted.js';
import { shadowedVersions } from './shadowed.js';

export interface WastedPath {
  path: string;
  bytes: number;
  writtenBy: number;
  removedBy: number;
  cause: RemovalCause;
}

export interface DuplicateContent {
  contentHash: string;
  /** Size of one copy. */
  size: number;
  paths: { path: string; layerIndex: number }[];
  /** What keeping a single copy would save: size × (copies − 1). */
  bytes: number;
}

export interface WasteSummary {
  /** Bytes of file versions that never reach the final filesystem: exact, from the layers' own entries. */
  reclaimableBytes: number;
  byCause: Record<RemovalCause, number>;
  /** Reclaimable bytes by the layer that wrote them. */
  byLayer: { layerIndex: number; bytes: number }[];
  topPaths: WastedPath[];
  /** Files of the final filesystem whose content another final file repeats. */
  duplicates: DuplicateContent[];
  duplicateBytes: number;
}

/** Content below this is not worth a duplicate report (empty markers, tiny configs). */
export const DUPLICATE_MIN_BYTES = 1024;

export function computeWaste(tree: FileTree, layers: Layer[], topCount = 20): WasteSummary {
  const byCause: Record<RemovalCause, number> = { deleted: 0, 'opaque-dir': 0, overwritten: 0, 'metadata-copy': 0, 'type-change': 0 };
  const byLayer = new Map<number, number>();
  const wasted: RemovedVersion[] = [];
  let reclaimableBytes = 0;
  // A version a surviving hard link still holds is no waste: its bytes stay in the final filesystem.
  for (const removed of shadowedVersions(tree, layers).droppable) {
    if (removed.bytes === 0) continue;
    reclaimableBytes += removed.bytes;
    byCause[removed.cause] += removed.bytes;
    byLayer.set(removed.writtenBy, (byLayer.get(removed.writtenBy) ?? 0) + removed.bytes);
    wasted.push(removed);
  }
  const top = topSorted(wasted, topCount, (a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const duplicates = findDuplicates(tree);
  return {
    reclaimableBytes,
    byCause,
    byLayer: layers.map((l) => ({ layerIndex: l.index, bytes: byLayer.get(l.index) ?? 0 })).filter((l) => l.bytes > 0),
    topPaths: top.map(({ path, bytes, writtenBy, removedBy, cause }) => ({ path, bytes, writtenBy, removedBy, cause })),
    duplicates,
    duplicateBytes: duplicates.reduce((sum, d) => sum + d.bytes, 0),
  };
}

/**
 * Files are bucketed by 32 bits of their content hash: a number, read from the scan's entry without spelling
 * the hash out, so no string and no record is made per file (at 100k files those were most of what this pass
 * allocated). A bucket holds the first node of each distinct content (hash and size) that fell in it.
 */
function bucketKey(entry: LayerEntry): number | string | undefined {
  if (entry instanceof ScannedEntry) return entry.hashLow;
  const hash = entry.contentHash;
  if (!hash) return undefined;
  // The same number a ScannedEntry holds, so a hand-made entry meets a scanned one with the same content.
  return /^xxh64:[0-9a-f]{16}$/.test(hash) ? parseInt(hash.slice(14), 16) | 0 : hash;
}

function sameContent(a: LayerEntry, b: LayerEntry): boolean {
  return a.size === b.size && sameContentHash(a, b);
}

function findDuplicates(tree: FileTree): DuplicateContent[] {
  const buckets = new Map<number | string, FsNode | FsNode[]>();
  // The first node of each content seen again, and its group.
  const groupOf = new Map<FsNode, DuplicateContent>();
  for (const node of tree.nodes()) {
    const entry = node.entry;
    if (entry?.type !== 'file' || entry.size < DUPLICATE_MIN_BYTES) continue;
    const key = bucketKey(entry);
    if (key === undefined) continue;
    const bucket = buckets.get(key);
    if (bucket === undefined) {
      buckets.set(key, node);
      continue;
    }
    const first = Array.isArray(bucket) ? bucket.find((f) => sameContent(f.entry!, entry)) : sameContent(bucket.entry!, entry) ? bucket : undefined;
    if (!first) {
      if (Array.isArray(bucket)) bucket.push(node);
      else buckets.set(key, [bucket, node]);
      continue;
    }
    let group = groupOf.get(first);
    if (!group) {
      group = { contentHash: entry.contentHash!, size: entry.size, paths: [{ path: first.entry!.path, layerIndex: first.layerIndex }], bytes: 0 };
      groupOf.set(first, group);
    }
    group.paths.push({ path: entry.path, layerIndex: node.layerIndex });
  }
  // Groups in the order their content was first seen, as before: the order of their first nodes in the walk.
  const groups: DuplicateContent[] = [];
  if (groupOf.size > 0) {
    for (const node of tree.nodes()) {
      const group = groupOf.get(node);
      if (group) groups.push(group);
    }
  }
  return groups
    .map((g) => ({ ...g, bytes: g.size * (g.paths.length - 1) }))
    .sort((a, b) => b.bytes - a.bytes);
}
