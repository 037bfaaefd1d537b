import type { FileTree, RemovedVersion } from '../image/filesystem.js';
import type { Layer, LayerEntry } from '../image/model.js';

/**
 * Which hidden file versions really leave the final filesystem. A version the stacking hides is still held
 * when a hard link that survives was made to it: `ln a b` then a later `RUN echo x > a` hides `a`'s first
 * version, but `b` is the same inode and keeps its bytes. Such a version is not reclaimable (dropping it
 * would empty `b`); everything else FileTree hides is. `analyze`'s waste and `optimize`'s drop set both
 * come from here, so what optimize saves is what analyze calls reclaimable, to the byte.
 */
export interface ShadowedVersions {
  /** Hidden versions that can go: what `waste` counts (those with bytes) and `optimize` drops. */
  droppable: RemovedVersion[];
  /** Hidden versions a surviving hard link still holds. */
  pinned: RemovedVersion[];
  /** For each hard link entry of any layer, the version it links to (followed through links to links). */
  linkTargets: Map<LayerEntry, LayerEntry>;
}

const MAX_LINK_HOPS = 40;

interface Version { entry: LayerEntry; writtenBy: number; removedBy: number; overwrittenInLayer: boolean }

/**
 * The version a hard link in layer `layerIndex` at position `ordinal` names: the last entry of that path
 * earlier in the same layer, else the version of a lower layer that was current when this layer was laid
 * on top (not yet removed, or only removed by an entry of this layer: whiteouts act before entries).
 */
function linkedVersion(layers: Layer[], layerIndex: number, ordinal: number, target: string, byPath: Map<string, Version[]>): LayerEntry | undefined {
  const own = layers[layerIndex].entries;
  for (let k = ordinal - 1; k >= 0; k--) if (own[k].path === target) return own[k];
  let best: Version | undefined;
  for (const v of byPath.get(target) ?? []) {
    if (v.writtenBy >= layerIndex) continue;
    if (v.removedBy < layerIndex || (v.removedBy === layerIndex && !v.overwrittenInLayer)) continue;
    if (!best || v.writtenBy > best.writtenBy) best = v;
  }
  return best?.entry;
}

export function shadowedVersions(tree: FileTree, layers: Layer[]): ShadowedVersions {
  const byPath = new Map<string, Version[]>();
  const add = (path: string, v: Version) => {
    const list = byPath.get(path);
    if (list) list.push(v);
    else byPath.set(path, [v]);
  };
  const hasLinks = layers.some((l) => l.entries.some((e) => e.type === 'hardlink'));
  const linkTargets = new Map<LayerEntry, LayerEntry>();
  if (!hasLinks) return { droppable: tree.removed, pinned: [], linkTargets };

  for (const r of tree.removed) add(r.path, { entry: r.entry, writtenBy: r.writtenBy, removedBy: r.removedBy, overwrittenInLayer: r.cause !== 'deleted' && r.cause !== 'opaque-dir' });
  for (const node of tree.nodes()) if (node.entry) add(node.entry.path, { entry: node.entry, writtenBy: node.layerIndex, removedBy: Infinity, overwrittenInLayer: false });

  // Each link's direct target first, then chains followed: a link to a link names the first link's file.
  const direct = new Map<LayerEntry, LayerEntry>();
  for (const layer of layers) {
    layer.entries.forEach((entry, k) => {
      if (entry.type !== 'hardlink' || entry.linkTarget === undefined) return;
      const target = linkedVersion(layers, layer.index, k, entry.linkTarget, byPath);
      if (target) direct.set(entry, target);
    });
  }
  for (const link of direct.keys()) {
    let target = direct.get(link)!;
    for (let hops = 0; target.type === 'hardlink' && direct.has(target) && hops < MAX_LINK_HOPS; hops++) target = direct.get(target)!;
    linkTargets.set(link, target);
  }

  // A version is held while a link that reaches the final filesystem still needs it: the file and every link on the chain.
  const held = new Set<LayerEntry>();
  for (const node of tree.nodes()) {
    let entry = node.entry;
    for (let hops = 0; entry?.type === 'hardlink' && hops < MAX_LINK_HOPS; hops++) {
      const next = direct.get(entry);
      if (!next) break;
      held.add(next);
      entry = next;
    }
  }
  const droppable: RemovedVersion[] = [];
  const pinned: RemovedVersion[] = [];
  for (const r of tree.removed) (held.has(r.entry) ? pinned : droppable).push(r);
  return { droppable, pinned, linkTargets };
}
