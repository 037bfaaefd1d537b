import type { Layer } from '../image/model.js';
import { isPlainLayer, visitLeaves, whiteoutMarker } from './dive-visit-order.js';
import { PathSlots } from './path-slots.js';
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
  /** The path of the entry or whiteout that made the node; implied parents have none (and always have children). */
  path?: string;
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
  return relevantLayerTree(layer, EVERYTHING);
}

function diveName(name: string): string {
  return name.startsWith('.wh.') ? name.slice(4) : name;
}

/**
 * The names dive's visit goes through to reach a node of a layer tree at `treePath`: each component without
 * its whiteout prefix, and empty leading directory names dropped (a path of empty names stays '', what
 * joining them gave before, so what is below sits at the root). Joined, the key a path's figures are kept
 * under: for the paths a scan gives (normalized, no `.wh.` in them) the path itself, so no string is made.
 */
function diveParts(treePath: string): string[] {
  const parts = treePath.split('/').map(diveName);
  let first = 0;
  while (first < parts.length - 1 && parts[first] === '') first++;
  return parts.slice(first);
}

function diveKey(node: DiveNode): string {
  const path = node.path!;
  const plain = !path.startsWith('/') && !path.includes('.wh.');
  return plain ? path : diveParts(node.whiteout ? whiteoutMarker(path) : path).join('/');
}

/**
 * The paths of the stacked tree a whiteout can look at: the paths of later layers' whiteouts (and what is on
 * the way to them), and everything below those, for the size of a deleted directory. Only these are stacked:
 * the stacked tree of every path was most of dive's memory at a million files, and most images delete little.
 */
interface Relevance {
  children: Map<string, Relevance>;
  /** Every path below is relevant. */
  all: boolean;
}

/** Every path relevant: the whole layer tree. */
const EVERYTHING: Relevance = { children: new Map(), all: true };

function whiteoutTargets(layers: Layer[]): Relevance {
  const root: Relevance = { children: new Map(), all: false };
  // Layer 0's whiteouts look nothing up: there is nothing below them.
  for (const layer of layers.slice(1)) {
    for (const w of layer.whiteouts) {
      let node = root;
      for (const part of diveParts(whiteoutMarker(w))) {
        let child = node.children.get(part);
        if (!child) node.children.set(part, (child = { children: new Map(), all: false }));
        node = child;
      }
      node.all = true;
    }
  }
  return root;
}

/**
 * A layer's tree as `stack` reads it: only the nodes whose path `relevant` names (and the whiteouts in them),
 * made in the order the whole tree would have made them (each path makes the relevant nodes on its way, even
 * when it ends outside), so stacking it does what stacking the whole tree did.
 */
function relevantLayerTree(layer: Layer, relevant: Relevance): DiveNode {
  const root = newNode();
  for (const e of layer.entries) {
    const node = relevantNodeAt(root, e.path, relevant, false);
    if (!node) continue;
    node.isDir = e.type === 'directory';
    node.size = e.size;
    node.path = e.path;
  }
  for (const w of layer.whiteouts) {
    const node = relevantNodeAt(root, whiteoutMarker(w), relevant, true);
    if (!node) continue;
    node.whiteout = true;
    node.path = w;
  }
  return root;
}

/** Follows (making them on the way) the nodes of a '/'-separated path, components by index rather than split(), stopping where `relevant` ends; a whiteout marker's own name needs no relevance (stack removes by it). */
function relevantNodeAt(root: DiveNode, path: string, relevant: Relevance, marker: boolean): DiveNode | undefined {
  let node = root;
  let scope = relevant;
  let start = 0;
  for (;;) {
    const slash = path.indexOf('/', start);
    const part = slash === -1 ? path.slice(start) : path.slice(start, slash);
    if (!(marker && slash === -1)) {
      const below = scope.all ? scope : scope.children.get(part);
      if (!below) return undefined;
      scope = below;
    }
    let child = node.children?.get(part);
    if (!child) childrenOf(node).set(part, (child = newNode()));
    if (slash === -1) return child;
    node = child;
    start = slash + 1;
  }
}

/** The stacked node at a plain path, if there is one. */
function stackedAt(stacked: DiveNode, path: string): DiveNode | undefined {
  let node: DiveNode | undefined = stacked;
  let start = 0;
  for (;;) {
    const slash = path.indexOf('/', start);
    node = node.children?.get(slash === -1 ? path.slice(start) : path.slice(start, slash));
    if (!node || slash === -1) return node;
    start = slash + 1;
  }
}

/**
 * Stacking as dive does: whiteouts remove, everything else (implied parents included) overwrites the node's
 * info. Only paths `relevant` names are kept; the others are never looked at.
 */
function stack(lower: DiveNode, upper: DiveNode, relevant: Relevance): void {
  if (!upper.children) return;
  for (const [name, child] of upper.children) {
    if (child.whiteout) {
      lower.children?.delete(diveName(name));
      continue;
    }
    const below = relevant.all ? relevant : relevant.children.get(name);
    if (!below) continue;
    let target = lower.children?.get(name);
    if (!target) childrenOf(lower).set(name, (target = newNode()));
    target.isDir = child.isDir;
    target.size = child.size;
    stack(target, child, below);
  }
}

function subtreeSize(node: DiveNode): number {
  let sum = node.size;
  if (node.children) for (const child of node.children.values()) sum += subtreeSize(child);
  return sum;
}

/**
 * What dive keeps per path over all layers, one slot per path in the order it was first counted (the order
 * dive's path map kept), found by the path's key string: the layers' own path strings, so a slot costs three
 * numbers and its place in PathSlots rather than a trie node and a Map per directory.
 */
class PathStats {
  readonly slots: PathSlots;
  readonly cumulative: Float64Array;
  readonly min: Float64Array;
  readonly count: Uint32Array;

  /** `capacity`: at most one slot per entry and whiteout of every layer, so the columns never grow. */
  constructor(capacity: number) {
    this.slots = new PathSlots(capacity);
    this.cumulative = new Float64Array(capacity);
    this.min = new Float64Array(capacity);
    this.count = new Uint32Array(capacity);
  }

  add(key: string, size: number): void {
    const next = this.slots.size;
    const slot = this.slots.slotOf(key);
    if (slot !== next) {
      this.cumulative[slot] += size;
      this.min[slot] = Math.min(this.min[slot], size);
      this.count[slot]++;
      return;
    }
    this.cumulative[next] = size;
    this.min[next] = size;
    this.count[next] = 1;
  }
}

class AbortLayer extends Error {}

/**
 * `topCount` bounds `inefficientPaths` (the largest first); the totals always cover every path. `sortedVisit`
 * false walks every layer's whole tree as dive does, which layers with odd paths always take; the tests compare
 * the two ways.
 */
export function diveEfficiency(layers: Layer[], topCount = Infinity, sortedVisit = true): DiveCompatible {
  const stats = new PathStats(layers.reduce((n, l) => n + l.entries.length + l.whiteouts.length, 0));
  const relevant = whiteoutTargets(layers);
  const stacked = newNode();
  for (const [index, layer] of layers.entries()) {
    if (sortedVisit && isPlainLayer(layer)) {
      // The visit in order of the layer's sorted paths and only the relevant part of its tree: no whole tree.
      visitLeaves(layer, (path, whiteout, size) => {
        if (whiteout) {
          const previous = index > 0 ? stackedAt(stacked, path) : undefined;
          if (!previous) return false;
          size = previous.isDir ? subtreeSize(previous) : 0;
        }
        stats.add(path, size);
        return true;
      });
      stack(stacked, relevantLayerTree(layer, relevant), relevant);
      continue;
    }
    // One layer's tree at a time: holding every layer's tree at once is what made large images' analysis heavy.
    const tree = layerTree(layer);
    // dive restacks layers 0..i-1 per whiteout; stacking them once as we go gives the same tree. The stacked
    // node at the same path is followed down alongside, for the whiteouts that look it up.
    const visit = (node: DiveNode, atRoot: boolean, below: DiveNode | undefined) => {
      if (!node.children) return;
      const names = [...node.children.keys()];
      // The order matters only for a whiteout that aborts the layer; sorting is kept as dive does.
      if (names.length > 1) names.sort();
      for (const name of names) {
        const child = node.children.get(name)!;
        const childName = diveName(name);
        const childBelow = below?.children?.get(childName);
        if (child.children && child.children.size > 0) {
          // A path of empty names stays '' (what joining them gave before), so its children sit at the root.
          if (childName === '' && atRoot) visit(child, true, below);
          else visit(child, false, childBelow);
          continue;
        }
        let size = child.size;
        if (child.whiteout) {
          const previous = index > 0 ? childBelow : undefined;
          if (!previous) throw new AbortLayer();
          size = previous.isDir ? subtreeSize(previous) : 0;
        }
        stats.add(diveKey(child), size);
      }
    };
    try {
      visit(tree, true, stacked);
    } catch (error) {
      if (!(error instanceof AbortLayer)) throw error;
    }
    stack(stacked, tree, relevant);
  }
  let minimum = 0;
  let discovered = 0;
  let wastedBytes = 0;
  // Slots are in first-counted order, which breaks the ties the comparison leaves (as the path map's stable sort did).
  const inefficient: { path: string; count: number; bytes: number }[] = [];
  for (let slot = 0; slot < stats.slots.size; slot++) {
    const cumulative = stats.cumulative[slot];
    minimum += stats.min[slot];
    discovered += cumulative;
    if (stats.count[slot] >= 2) {
      wastedBytes += cumulative;
      inefficient.push({ path: '/' + stats.slots.keyOf(slot), count: stats.count[slot], bytes: cumulative });
    }
  }
  const inefficientPaths = topSorted(inefficient, topCount, (a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
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
