import type { Layer } from '../image/model.js';
import { topSorted } from './top-sorted.js';

/**
 * dive's efficiency score and wasted bytes, reproduced from wagoodman/dive (dive/filetree/efficiency.go,
 * dive/image/analysis.go) so users can compare with the figures they know. It keeps dive's quirks on
 * purpose: every copy of a path seen twice counts as waste (the copy you keep too), a deleted directory
 * is not waste, opaque directories are ignored, and a whiteout of a path no earlier layer has aborts
 * the rest of that layer. The exact figure is `reclaimableBytes` in waste.ts.
 */
export interface DiveCompatible {
  efficiency: number;
  wastedBytes: number;
  sizeBytes: number;
  userSizeBytes: number;
  /** wastedBytes / userSizeBytes; null where dive would print NaN or Inf (one layer, or no user bytes). */
  wastedUserPercent: number | null;
  inefficientPaths: { path: string; count: number; bytes: number }[];
}

interface DiveNode {
  isDir: boolean;
  size: number;
  whiteout: boolean;
  /** Made on the first child: most nodes are files, and an empty Map each would double the trees' memory. */
  children?: Map<string, DiveNode>;
}

function newNode(): DiveNode {
  return { isDir: false, size: 0, whiteout: false };
}

function childrenOf(node: DiveNode): Map<string, DiveNode> {
  return (node.children ??= new Map());
}

/** A layer's own tree as dive builds it: implied parents are nodes with no file info (not directories). */
function layerTree(layer: Layer): DiveNode {
  const root = newNode();
  // Components by index rather than split(): this runs once per entry of every layer.
  const nodeAt = (path: string): DiveNode => {
    let node = root;
    let start = 0;
    for (;;) {
      const slash = path.indexOf('/', start);
      const part = slash === -1 ? path.slice(start) : path.slice(start, slash);
      let child = node.children?.get(part);
      if (!child) childrenOf(node).set(part, (child = newNode()));
      if (slash === -1) return child;
      node = child;
      start = slash + 1;
    }
  };
  for (const e of layer.entries) {
    const node = nodeAt(e.path);
    node.isDir = e.type === 'directory';
    node.size = e.size;
  }
  for (const w of layer.whiteouts) {
    const slash = w.lastIndexOf('/');
    nodeAt((slash === -1 ? '' : w.slice(0, slash + 1)) + '.wh.' + w.slice(slash + 1)).whiteout = true;
  }
  return root;
}

function diveName(name: string): string {
  return name.startsWith('.wh.') ? name.slice(4) : name;
}

/** Stacking as dive does: whiteouts remove, everything else (implied parents included) overwrites the node's info. */
function stack(lower: DiveNode, upper: DiveNode): void {
  if (!upper.children) return;
  for (const [name, child] of upper.children) {
    if (child.whiteout) {
      lower.children?.delete(diveName(name));
      continue;
    }
    let target = lower.children?.get(name);
    if (!target) childrenOf(lower).set(name, (target = newNode()));
    target.isDir = child.isDir;
    target.size = child.size;
    stack(target, child);
  }
}

function subtreeSize(node: DiveNode): number {
  let sum = node.size;
  if (node.children) for (const child of node.children.values()) sum += subtreeSize(child);
  return sum;
}

/**
 * What dive keeps per path over all layers, in a trie keyed by path component (whiteout prefix dropped), so
 * the visit builds no path string per leaf: strings are made only for the paths reported at the end.
 * `order` is when the path was first counted, the order dive's (and our former) path map kept.
 */
interface PathStats {
  cumulative: number;
  min: number;
  count: number;
  order: number;
  children?: Map<string, PathStats>;
}

function statsChild(parent: PathStats, name: string): PathStats {
  const children = (parent.children ??= new Map());
  let child = children.get(name);
  if (!child) children.set(name, (child = { cumulative: 0, min: 0, count: 0, order: -1 }));
  return child;
}

class AbortLayer extends Error {}

/** `topCount` bounds `inefficientPaths` (the largest first); the totals always cover every path. */
export function diveEfficiency(layers: Layer[], topCount = Infinity): DiveCompatible {
  const statsRoot: PathStats = { cumulative: 0, min: 0, count: 0, order: -1 };
  let counted = 0;
  const stacked = newNode();
  for (const [index, layer] of layers.entries()) {
    // One layer's tree at a time: holding every layer's tree at once is what made large images' analysis heavy.
    const tree = layerTree(layer);
    // dive restacks layers 0..i-1 per whiteout; stacking them once as we go gives the same tree. The stacked
    // node at the same path is followed down alongside, for the whiteouts that look it up.
    const visit = (node: DiveNode, stats: PathStats, below: DiveNode | undefined) => {
      if (!node.children) return;
      const names = [...node.children.keys()];
      // The order matters only for a whiteout that aborts the layer; sorting is kept as dive does.
      if (names.length > 1) names.sort();
      for (const name of names) {
        const child = node.children.get(name)!;
        const childName = diveName(name);
        const childStats = statsChild(stats, childName);
        const childBelow = below?.children?.get(childName);
        if (child.children && child.children.size > 0) {
          // A path of empty names stays '' (what joining them gave before), so its children sit at the root.
          if (childName === '' && stats === statsRoot) visit(child, statsRoot, below);
          else visit(child, childStats, childBelow);
          continue;
        }
        let size = child.size;
        if (child.whiteout) {
          const previous = index > 0 ? childBelow : undefined;
          if (!previous) throw new AbortLayer();
          size = previous.isDir ? subtreeSize(previous) : 0;
        }
        if (childStats.count === 0) {
          childStats.cumulative = size;
          childStats.min = size;
          childStats.count = 1;
          childStats.order = counted++;
        } else {
          childStats.cumulative += size;
          childStats.min = Math.min(childStats.min, size);
          childStats.count++;
        }
      }
    };
    try {
      visit(tree, statsRoot, stacked);
    } catch (error) {
      if (!(error instanceof AbortLayer)) throw error;
    }
    stack(stacked, tree);
  }
  let minimum = 0;
  let discovered = 0;
  let wastedBytes = 0;
  const inefficient: { path: string; count: number; bytes: number; order: number }[] = [];
  const collect = (stats: PathStats, path: string) => {
    if (!stats.children) return;
    for (const [name, child] of stats.children) {
      const childPath = path ? `${path}/${name}` : name;
      if (child.count > 0) {
        minimum += child.min;
        discovered += child.cumulative;
        if (child.count >= 2) {
          wastedBytes += child.cumulative;
          inefficient.push({ path: '/' + childPath, count: child.count, bytes: child.cumulative, order: child.order });
        }
      }
      collect(child, childPath);
    }
  };
  collect(statsRoot, '');
  // First-counted order breaks the ties the comparison leaves, as the stable sort of the path map did.
  inefficient.sort((a, b) => a.order - b.order);
  const inefficientPaths = topSorted(inefficient, topCount, (a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))
    .map(({ path, count, bytes }) => ({ path, count, bytes }));
  const sizeBytes = layers.reduce((sum, l) => sum + l.bytes, 0);
  const userSizeBytes = layers.slice(1).reduce((sum, l) => sum + l.bytes, 0);
  return {
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    wastedBytes,
    sizeBytes,
    userSizeBytes,
    wastedUserPercent: userSizeBytes > 0 ? wastedBytes / userSizeBytes : null,
    inefficientPaths,
  };
}
