import type { FileTree, RemovalCause, RemovedVersion } from '../image/filesystem.js';
import type { Layer } from '../image/model.js';
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

/** The first final file seen with some content; it becomes a group when a second one turns up. */
interface FirstCopy {
  path: string;
  layerIndex: number;
  size: number;
  group?: DuplicateContent;
}

function findDuplicates(tree: FileTree): DuplicateContent[] {
  // Keyed by the content hash alone (a string built per file, and a group per file, were most of this pass's
  // time at 100k files); a second size under one hash gets its own `hash:size` key, so grouping is by both.
  const firsts = new Map<string, FirstCopy>();
  const groups: DuplicateContent[] = [];
  for (const node of tree.nodes()) {
    const entry = node.entry;
    if (entry?.type !== 'file' || entry.size < DUPLICATE_MIN_BYTES || !entry.contentHash) continue;
    let key = entry.contentHash;
    let first = firsts.get(key);
    if (first && first.size !== entry.size) {
      key = `${entry.contentHash}:${entry.size}`;
      first = firsts.get(key);
    }
    if (!first) {
      firsts.set(key, { path: entry.path, layerIndex: node.layerIndex, size: entry.size });
      continue;
    }
    if (!first.group) {
      first.group = { contentHash: entry.contentHash, size: entry.size, paths: [{ path: first.path, layerIndex: first.layerIndex }], bytes: 0 };
      groups.push(first.group);
    }
    first.group.paths.push({ path: entry.path, layerIndex: node.layerIndex });
  }
  // Groups in the order their content was first seen, as before.
  const order = new Map<DuplicateContent, number>();
  let seen = 0;
  for (const first of firsts.values()) if (first.group) order.set(first.group, seen++);
  groups.sort((a, b) => order.get(a)! - order.get(b)!);
  return groups
    .map((g) => ({ ...g, bytes: g.size * (g.paths.length - 1) }))
    .sort((a, b) => b.bytes - a.bytes);
}
