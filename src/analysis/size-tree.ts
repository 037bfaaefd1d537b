/**
 * The file tree as people read it (dive's core view): directories with the total bytes below them, children
 * largest first, each entry marked with what a layer did to it. Built from the stacked FileTree, then cut to a
 * bound (depth, size, entry count) so that a 100k-file image still makes a terminal page or an HTML file of a
 * few MB; whatever a cut leaves out is counted, so a view never hides that it is partial.
 */
import { FileTree, type FsNode } from '../image/filesystem.js';
import type { EntryType, Layer, LayerEntry } from '../image/model.js';

export type ChangeMark = 'added' | 'modified' | 'removed';

export interface SizeNode {
  name: string;
  /** Relative to the image root, no leading slash; '' for the root. */
  path: string;
  type: EntryType;
  /** File bytes: a file's size, a directory's total of what is below it (removed entries not included). */
  bytes: number;
  /** Bytes of removed entries below (or of this removed entry): what the layer deleted, shown but not counted in `bytes`. */
  removedBytes?: number;
  /** Entries below a directory, at any depth, before any cut. */
  entries: number;
  /** The layer that wrote this version; -1 for a directory only implied by paths below it. */
  layer: number;
  change?: ChangeMark;
  linkTarget?: string;
  /** Largest first (bytes plus removed bytes), then by name. */
  children?: SizeNode[];
  /** What the cut left out directly below this directory: that many entries (with everything below them) and their bytes. */
  omitted?: { entries: number; bytes: number };
}

export interface TreeCut {
  /** Deepest level shown: 1 is the root's children. */
  maxDepth?: number;
  /** Entries (files or whole directories) smaller than this are left out. */
  minBytes?: number;
  /** At most this many entries, the largest kept (a directory before anything below it). */
  maxEntries?: number;
}

export interface SizeTree {
  /** final: the squashed filesystem; layer: the filesystem after layer N with N's changes marked; changes: only what layer N changed. */
  view: 'final' | 'layer' | 'changes';
  layer?: number;
  root: SizeNode;
  /** Entries shown and entries there are (the root not counted). */
  shownEntries: number;
  totalEntries: number;
  /** Everything the cut left out, summed over the tree. */
  omitted: { entries: number; bytes: number };
  cut: TreeCut;
}

/** What sorts an entry: the bytes it holds plus the bytes removed below it (a removal is a change worth seeing). */
export function weight(node: SizeNode): number {
  return node.bytes + (node.removedBytes ?? 0);
}

function bySize(a: SizeNode, b: SizeNode): number {
  return weight(b) - weight(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function typeOf(node: FsNode): EntryType {
  return node.entry?.type ?? (node.children ? 'directory' : 'file');
}

/** The whole FileTree (or a subtree) as size nodes, totals summed, children sorted. Marks by path, when given. */
function fromFsNode(node: FsNode, path: string, marks?: Map<string, ChangeMark>): SizeNode {
  const out: SizeNode = { name: node.name, path, type: typeOf(node), bytes: 0, entries: 0, layer: node.layerIndex };
  const mark = marks?.get(path);
  if (mark) out.change = mark;
  if (node.entry?.linkTarget !== undefined) out.linkTarget = node.entry.linkTarget;
  if (node.children) {
    out.children = [];
    for (const [name, child] of node.children) out.children.push(fromFsNode(child, path ? `${path}/${name}` : name, marks));
    sumChildren(out);
  } else {
    out.bytes = node.entry?.type === 'file' ? node.entry.size : 0;
  }
  return out;
}

function sumChildren(dir: SizeNode): void {
  let bytes = 0, removed = 0, entries = 0;
  for (const child of dir.children ?? []) {
    bytes += child.bytes;
    removed += child.removedBytes ?? 0;
    entries += 1 + child.entries;
  }
  dir.bytes = bytes;
  dir.entries = entries;
  if (removed > 0) dir.removedBytes = removed; else delete dir.removedBytes;
  dir.children?.sort(bySize);
}

/** A removed subtree: every entry below marked removed, its bytes counted as removed. */
function asRemoved(node: SizeNode): SizeNode {
  const out: SizeNode = { ...node, change: 'removed', bytes: 0 };
  if (node.children) {
    out.children = node.children.map(asRemoved);
    sumChildren(out);
  } else {
    out.removedBytes = node.bytes + (node.removedBytes ?? 0);
    if (!out.removedBytes) delete out.removedBytes;
  }
  return out;
}

/** Child lookup while a tree is being built: layers can write tens of thousands of entries into one directory. */
const childIndex = new WeakMap<SizeNode, Map<string, number>>();

function childAt(dir: SizeNode, name: string): number | undefined {
  let index = childIndex.get(dir);
  if (!index || index.size !== dir.children!.length) {
    index = new Map(dir.children!.map((c, i) => [c.name, i]));
    childIndex.set(dir, index);
  }
  return index.get(name);
}

function addChild(dir: SizeNode, child: SizeNode): SizeNode {
  const at = childAt(dir, child.name);
  if (at === undefined) {
    dir.children!.push(child);
    childIndex.get(dir)!.set(child.name, dir.children!.length - 1);
    return child;
  }
  const existing = dir.children![at];
  // A directory the layer wrote again keeps what was placed below it already.
  if (child.children && existing.children) {
    for (const grandchild of existing.children) if (childAt(child, grandchild.name) === undefined) addChild(child, grandchild);
  }
  dir.children![at] = child;
  return child;
}

/** Puts `leaf` at its path below `root`, making the directories on the way (unmarked, layer -1). */
function place(root: SizeNode, leaf: SizeNode): void {
  const parts = leaf.path.split('/');
  let dir = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const at = childAt(dir, parts[i]);
    let next = at === undefined ? undefined : dir.children![at];
    if (!next) next = addChild(dir, { name: parts[i], path: parts.slice(0, i + 1).join('/'), type: 'directory', bytes: 0, entries: 0, layer: -1, children: [] });
    if (!next.children) next = addChild(dir, { ...next, type: 'directory', children: [] });
    dir = next;
  }
  addChild(dir, leaf);
}

function resum(node: SizeNode): void {
  if (!node.children) return;
  for (const child of node.children) resum(child);
  sumChildren(node);
}

function emptyRoot(): SizeNode {
  return { name: '', path: '', type: 'directory', bytes: 0, entries: 0, layer: -1, children: [] };
}

function metadataDiffers(a: LayerEntry, b: LayerEntry): boolean {
  return a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid;
}

/**
 * What one layer changed, against the filesystem below it (`before`, the layers under it applied): added,
 * modified (a path that existed: new content or metadata) and removed (whiteouts, opaque directories, a file
 * replacing a directory). Directories the layer only passes through are unmarked containers.
 */
export function layerChanges(before: FileTree, layer: Layer): SizeNode {
  const root = emptyRoot();
  const removedAt = (path: string, node: FsNode) => place(root, asRemoved(fromFsNode(node, path)));
  for (const dir of layer.opaqueDirs) {
    const node = before.get(dir);
    for (const [name, child] of node?.children ?? []) removedAt(dir ? `${dir}/${name}` : name, child);
  }
  for (const path of layer.whiteouts) {
    const node = before.get(path);
    if (node) removedAt(path, node);
  }
  for (const entry of layer.entries) {
    const existing = before.get(entry.path);
    const isDir = entry.type === 'directory';
    let change: ChangeMark | undefined;
    if (!existing) change = 'added';
    else if (isDir !== Boolean(existing.children)) change = 'modified';
    else if (!isDir) change = 'modified';
    else if (existing.entry && metadataDiffers(existing.entry, entry)) change = 'modified';
    else if (!existing.entry) change = 'added';
    const node: SizeNode = {
      name: entry.path.slice(entry.path.lastIndexOf('/') + 1), path: entry.path, type: entry.type,
      bytes: entry.type === 'file' ? entry.size : 0, entries: 0, layer: layer.index,
    };
    if (change) node.change = change;
    if (entry.linkTarget !== undefined) node.linkTarget = entry.linkTarget;
    if (isDir) node.children = [];
    // A path an opaque marker or whiteout removed and the layer wrote again: shown as what the layer wrote.
    place(root, node);
  }
  resum(root);
  return root;
}

/** The filesystem after `layer`, with that layer's changes marked and what it removed shown (dive's layer view). */
export function layerView(after: FileTree, changes: SizeNode): SizeNode {
  const marks = new Map<string, ChangeMark>();
  const removed: SizeNode[] = [];
  const collect = (node: SizeNode, underRemoved: boolean) => {
    if (node.change === 'removed') {
      if (!underRemoved && !after.get(node.path)) removed.push(node);
      return;
    }
    if (node.change) marks.set(node.path, node.change);
    for (const child of node.children ?? []) collect(child, underRemoved);
  };
  collect(changes, false);
  const root = fromFsNode(after.root, '', marks);
  for (const node of removed) place(root, node);
  resum(root);
  return root;
}

/** The final filesystem, unmarked. */
export function finalView(tree: FileTree): SizeNode {
  return fromFsNode(tree.root, '');
}

/**
 * The tree cut to the bound: entries deeper than maxDepth or smaller than minBytes go, then, past maxEntries,
 * the smallest (a directory is never smaller than what is below it, and ties keep the shallower, so a kept
 * entry's directory is always kept). Each directory says what it lost in `omitted`.
 */
export function cutTree(root: SizeNode, cut: TreeCut, view: SizeTree['view'], layer?: number): SizeTree {
  const maxDepth = cut.maxDepth ?? Infinity;
  const minBytes = cut.minBytes ?? 0;
  const candidates: { node: SizeNode; depth: number; order: number }[] = [];
  const visit = (node: SizeNode, depth: number) => {
    for (const child of node.children ?? []) {
      if (depth > maxDepth || weight(child) < minBytes) continue;
      candidates.push({ node: child, depth, order: candidates.length });
      visit(child, depth + 1);
    }
  };
  visit(root, 1);
  let kept: Set<SizeNode>;
  if (cut.maxEntries !== undefined && candidates.length > cut.maxEntries) {
    candidates.sort((a, b) => weight(b.node) - weight(a.node) || a.depth - b.depth || a.order - b.order);
    kept = new Set(candidates.slice(0, cut.maxEntries).map((c) => c.node));
  } else {
    kept = new Set(candidates.map((c) => c.node));
  }
  const omitted = { entries: 0, bytes: 0 };
  const copy = (node: SizeNode): SizeNode => {
    if (!node.children) return { ...node };
    const out: SizeNode = { ...node, children: [] };
    const lost = { entries: 0, bytes: 0 };
    for (const child of node.children) {
      if (kept.has(child)) out.children!.push(copy(child));
      else { lost.entries += 1 + child.entries; lost.bytes += weight(child); }
    }
    if (lost.entries) {
      out.omitted = lost;
      omitted.entries += lost.entries;
      omitted.bytes += lost.bytes;
    }
    return out;
  };
  const shown = copy(root);
  return { view, ...(layer !== undefined ? { layer } : {}), root: shown, shownEntries: kept.size, totalEntries: root.entries, omitted, cut };
}

/** The trees an HTML report shows: the final filesystem and what each layer changed, each cut to its share of the budget. */
export interface ImageTrees {
  final: SizeTree;
  layers: SizeTree[];
}

/** Entry budgets for the HTML page: about 200 bytes of HTML an entry keeps a 100k-file image's page to a few MB. */
export const HTML_TREE_BUDGET = { final: 5000, layers: 8000, perLayerMin: 200, perLayerMax: 2000 };

/** Walks the layers once (each layer's changes are read against the filesystem below it), then the final tree. */
export function imageTrees(layers: Layer[], budget = HTML_TREE_BUDGET): ImageTrees {
  const tree = new FileTree();
  const perLayer = Math.max(budget.perLayerMin, Math.min(budget.perLayerMax, Math.floor(budget.layers / Math.max(1, layers.length))));
  const layerTrees: SizeTree[] = [];
  for (const layer of layers) {
    layerTrees.push(cutTree(layerChanges(tree, layer), { maxEntries: perLayer }, 'changes', layer.index));
    tree.apply(layer);
  }
  return { final: cutTree(finalView(tree), { maxEntries: budget.final }, 'final'), layers: layerTrees };
}

/** One view for `tsimage tree`: the final filesystem, or layer N (all of it with N's changes marked, or only its changes). */
export function treeView(layers: Layer[], options: { layer?: number; changesOnly?: boolean }, cut: TreeCut): SizeTree {
  if (options.layer === undefined) return cutTree(finalView(FileTree.fromLayers(layers)), cut, 'final');
  const tree = FileTree.fromLayers(layers.slice(0, options.layer));
  const changes = layerChanges(tree, layers[options.layer]);
  if (options.changesOnly) return cutTree(changes, cut, 'changes', options.layer);
  tree.apply(layers[options.layer]);
  return cutTree(layerView(tree, changes), cut, 'layer', options.layer);
}

/** A tree of changed paths listed flat (an image diff's files): directories made on the way, totals summed. */
export function changeTree(items: { path: string; type: EntryType; bytes: number; change?: ChangeMark; layer?: number }[]): SizeNode {
  const root = emptyRoot();
  for (const item of items) {
    const node: SizeNode = { name: item.path.slice(item.path.lastIndexOf('/') + 1), path: item.path, type: item.type, bytes: item.bytes, entries: 0, layer: item.layer ?? -1 };
    if (item.change) node.change = item.change;
    if (item.type === 'directory') node.children = [];
    place(root, item.change === 'removed' ? asRemoved(node) : node);
  }
  resum(root);
  return root;
}
