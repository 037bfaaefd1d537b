import { FileTree, type RemovedVersion } from '../image/filesystem.js';
import type { Image, Layer, LayerEntry } from '../image/model.js';
import { shadowedVersions } from './shadowed.js';

/** What `optimize` does to one layer. Entries are named by their position among the layer's model entries. */
export interface LayerPlan {
  index: number;
  /** True for a layer kept byte-identical because it belongs to the base image (`--keep-base`). */
  keptAsBase: boolean;
  /** Positions in `layer.entries` of the versions dropped from this layer. */
  droppedEntries: Set<number>;
  /** Whiteouts (by the path they delete) and opaque markers (by directory) that hide nothing once the drops are made. */
  droppedWhiteouts: Set<string>;
  droppedOpaqueDirs: Set<string>;
  /** File content bytes of the dropped versions. */
  droppedBytes: number;
  /** True when the layer changes at all. */
  changed: boolean;
}

export interface OptimizePlan {
  layers: LayerPlan[];
  /** Leading layers kept byte-identical as the base's (0 with --no-keep-base). */
  keptBaseLayers: number;
  /** File bytes optimize drops: analyze's exact reclaimable figure less what the kept base layers wrote. */
  droppedBytes: number;
  /** analyze's exact reclaimable bytes. */
  reclaimableBytes: number;
  /** Reclaimable bytes written by the kept base layers: what --no-keep-base would save on top. */
  baseReclaimableBytes: number;
  /** Hidden versions a surviving hard link holds: kept, and not counted as reclaimable. */
  pinnedVersions: RemovedVersion[];
}

/**
 * Decides, from the same model that computes `waste`, which entries each layer loses: every hidden version
 * (shadowedVersions) written at or above `keptBaseLayers`. Whiteouts and opaque markers are then checked
 * against the filesystem the kept entries make: one that would hide nothing goes too.
 */
export function planOptimization(image: Image, tree: FileTree, keptBaseLayers: number): OptimizePlan {
  const shadowed = shadowedVersions(tree, image.layers);
  const drop = new Set<LayerEntry>();
  let droppedBytes = 0;
  let reclaimableBytes = 0;
  let baseReclaimableBytes = 0;
  for (const v of shadowed.droppable) {
    reclaimableBytes += v.bytes;
    if (v.writtenBy < keptBaseLayers) {
      baseReclaimableBytes += v.bytes;
      continue;
    }
    drop.add(v.entry);
    droppedBytes += v.bytes;
  }

  const after = new FileTree();
  const layers = image.layers.map((layer): LayerPlan => {
    const keptAsBase = layer.index < keptBaseLayers;
    const droppedEntries = new Set<number>();
    let layerBytes = 0;
    if (!keptAsBase) {
      layer.entries.forEach((entry, k) => {
        if (!drop.has(entry)) return;
        droppedEntries.add(k);
        layerBytes += entry.size;
      });
    }
    const { droppedWhiteouts, droppedOpaqueDirs } = keptAsBase
      ? { droppedWhiteouts: new Set<string>(), droppedOpaqueDirs: new Set<string>() }
      : idleMarkers(after, layer);
    const kept: Layer = {
      ...layer,
      entries: layer.entries.filter((_, k) => !droppedEntries.has(k)),
      whiteouts: layer.whiteouts.filter((w) => !droppedWhiteouts.has(w)),
      opaqueDirs: layer.opaqueDirs.filter((d) => !droppedOpaqueDirs.has(d)),
    };
    after.apply(kept);
    return {
      index: layer.index,
      keptAsBase,
      droppedEntries,
      droppedWhiteouts,
      droppedOpaqueDirs,
      droppedBytes: layerBytes,
      changed: droppedEntries.size + droppedWhiteouts.size + droppedOpaqueDirs.size > 0,
    };
  });
  return { layers, keptBaseLayers, droppedBytes, reclaimableBytes, baseReclaimableBytes, pinnedVersions: shadowed.pinned };
}

const isWithin = (path: string, dir: string) => dir === '' || path === dir || path.startsWith(dir + '/');

/**
 * The markers of `layer` that hide nothing in `lower` (the kept entries of the layers below), in the order
 * overlay applies them: opaque directories first, then whiteouts one after another.
 */
function idleMarkers(lower: FileTree, layer: Layer): { droppedWhiteouts: Set<string>; droppedOpaqueDirs: Set<string> } {
  const droppedOpaqueDirs = new Set<string>();
  const activeOpaque: string[] = [];
  for (const dir of layer.opaqueDirs) {
    const node = lower.get(dir);
    if (node?.children?.size && !activeOpaque.some((d) => isWithin(dir, d))) activeOpaque.push(dir);
    else droppedOpaqueDirs.add(dir);
  }
  const droppedWhiteouts = new Set<string>();
  const activeWhiteouts: string[] = [];
  for (const path of layer.whiteouts) {
    const hides = lower.get(path) !== undefined
      && !activeOpaque.some((d) => isWithin(path, d) && path !== d)
      && !activeWhiteouts.some((w) => isWithin(path, w));
    if (hides) activeWhiteouts.push(path);
    else droppedWhiteouts.add(path);
  }
  // A path whiteouted twice in one layer keeps its marker if either copy is needed.
  for (const path of activeWhiteouts) droppedWhiteouts.delete(path);
  return { droppedWhiteouts, droppedOpaqueDirs };
}
