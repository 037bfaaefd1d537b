import type { FileTree, RemovalCause, RemovedVersion } from '../image/filesystem.js';
import type { Layer } from '../image/model.js';
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
  wasted.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const duplicates = findDuplicates(tree);
  return {
    reclaimableBytes,
    byCause,
    byLayer: layers.map((l) => ({ layerIndex: l.index, bytes: byLayer.get(l.index) ?? 0 })).filter((l) => l.bytes > 0),
    topPaths: wasted.slice(0, topCount).map(({ path, bytes, writtenBy, removedBy, cause }) => ({ path, bytes, writtenBy, removedBy, cause })),
    duplicates,
    duplicateBytes: duplicates.reduce((sum, d) => sum + d.bytes, 0),
  };
}

function findDuplicates(tree: FileTree): DuplicateContent[] {
  const groups = new Map<string, DuplicateContent>();
  for (const [path, node] of tree.walk()) {
    const entry = node.entry;
    if (entry?.type !== 'file' || entry.size < DUPLICATE_MIN_BYTES || !entry.contentHash) continue;
    const key = `${entry.contentHash}:${entry.size}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { contentHash: entry.contentHash, size: entry.size, paths: [], bytes: 0 }));
    group.paths.push({ path, layerIndex: node.layerIndex });
  }
  return [...groups.values()]
    .filter((g) => g.paths.length > 1)
    .map((g) => ({ ...g, bytes: g.size * (g.paths.length - 1) }))
    .sort((a, b) => b.bytes - a.bytes);
}
