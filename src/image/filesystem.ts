import type { Layer, LayerEntry } from './model.js';
import { ScannedEntry, sameContentHash } from './scanned-entry.js';

/**
 * A node of the stacked file tree: the newest version of a path and the layer that wrote it. A file (anything
 * but a directory) that a scan read is its own node (ScannedEntry implements this shape): a node object and a
 * name string per file were 80 of the tree's ~116 bytes a file, 80 MB at a million files (issue 13).
 */
export interface FsNode {
  /** The full path ('' for the root): for a node a layer wrote, its entry's own path string. */
  readonly path: string;
  /** The last component of the path. */
  readonly name: string;
  /** Undefined for a directory no layer wrote explicitly (only implied by paths below it). */
  readonly entry?: LayerEntry;
  readonly layerIndex: number;
  /** A directory's children, by name; undefined for anything else. */
  readonly children?: ChildMap;
}

/**
 * A directory's children, read by name in the order they were added. They are held by full path, the
 * string every node already has, so a child costs no string of its own; a name is cut from it when asked for.
 */
export class ChildMap implements Iterable<[string, FsNode]> {
  private readonly byPath = new Map<string, FsNode>();
  /** Where a child's name starts in its path: after the directory's path and its slash. */
  private readonly nameStart: number;

  /** `isRoot`: the root's children have no directory path before their names (a directory below may be called ''). */
  constructor(private readonly dirPath: string, private readonly isRoot: boolean) {
    this.nameStart = isRoot ? 0 : dirPath.length + 1;
  }

  get size(): number { return this.byPath.size; }
  get(name: string): FsNode | undefined { return this.byPath.get(this.pathOf(name)); }
  has(name: string): boolean { return this.byPath.has(this.pathOf(name)); }
  values(): IterableIterator<FsNode> { return this.byPath.values(); }

  *keys(): IterableIterator<string> {
    for (const path of this.byPath.keys()) yield path.slice(this.nameStart);
  }

  *entries(): IterableIterator<[string, FsNode]> {
    for (const [path, node] of this.byPath) yield [path.slice(this.nameStart), node];
  }

  [Symbol.iterator](): IterableIterator<[string, FsNode]> { return this.entries(); }

  /** The child at a full path (the tree's own lookups: no string is built). */
  atPath(path: string): FsNode | undefined { return this.byPath.get(path); }
  put(node: FsNode): void { this.byPath.set(node.path, node); }
  removePath(path: string): void { this.byPath.delete(path); }
  clear(): void { this.byPath.clear(); }

  private pathOf(name: string): string {
    return this.isRoot ? name : `${this.dirPath}/${name}`;
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A directory of the tree: written by a layer (entry set) or only implied by the paths below it. */
class DirNode implements FsNode {
  readonly children: ChildMap;
  constructor(readonly path: string, public entry: LayerEntry | undefined, public layerIndex: number, isRoot = false) {
    this.children = new ChildMap(path, isRoot);
  }
  get name(): string { return baseName(this.path); }
}

/** A non-directory entry that is not a ScannedEntry (built by hand, or one a second tree placed in another layer). */
class LeafNode implements FsNode {
  constructor(readonly entry: LayerEntry, readonly layerIndex: number) {}
  get path(): string { return this.entry.path; }
  get name(): string { return baseName(this.entry.path); }
  get children(): undefined { return undefined; }
}

/** The node of a non-directory entry: the entry itself when it can carry its layer. */
function leafOf(entry: LayerEntry, layerIndex: number): FsNode {
  if (entry instanceof ScannedEntry && (entry.layerIndex === -1 || entry.layerIndex === layerIndex)) {
    entry.layerIndex = layerIndex;
    return entry;
  }
  return new LeafNode(entry, layerIndex);
}

/** Why a file version written by one layer does not reach the final filesystem. */
export type RemovalCause =
  | 'deleted'        // a later `.wh.<name>` whiteout (rm in a later RUN)
  | 'opaque-dir'     // a later `.wh..wh..opq`: the directory was replaced as a whole
  | 'overwritten'    // a later layer wrote the same path with other content
  | 'metadata-copy'  // a later layer wrote the same bytes again (chmod, chown, touch)
  | 'type-change';   // a later layer put a file where a directory was, or the reverse

export interface RemovedVersion {
  path: string;
  entry: LayerEntry;
  /** Content bytes of the version that was removed (0 for anything but regular files). */
  bytes: number;
  writtenBy: number;
  removedBy: number;
  cause: RemovalCause;
}

export interface LayerChangeCounts {
  added: number;
  modified: number;
  removed: number;
}

function isDirectory(node: FsNode): node is DirNode {
  return node.children !== undefined;
}

/**
 * The squashed filesystem of an image, built by applying the layers in order with overlay semantics
 * (image-spec layer.md): within a layer, whiteouts and opaque markers act on the lower layers only, then
 * the layer's own entries are laid on top. Every file version that is hidden on the way is reported.
 */
export class FileTree {
  readonly root: FsNode = new DirNode('', undefined, -1, true);
  readonly removed: RemovedVersion[] = [];
  readonly changes: LayerChangeCounts[] = [];
  /**
   * The directory the previous entry of a layer went into: a layer lists a directory's entries together, so
   * most entries need no walk from the root. Forgotten whenever a subtree is removed (the only way a
   * directory leaves the tree) and at each step of apply().
   */
  private lastParent: DirNode | undefined;

  static fromLayers(layers: Layer[]): FileTree {
    const tree = new FileTree();
    for (const layer of layers) tree.apply(layer);
    return tree;
  }

  get(path: string): FsNode | undefined {
    let node: FsNode | undefined = this.root;
    if (path === '') return node;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      node = node.children?.atPath(path.slice(0, slash));
      if (!node) return undefined;
    }
    return node.children?.atPath(path);
  }

  /** Every node below `from` (the root by default), depth first, with its full path (nodes() with the paths). */
  *walk(from: FsNode = this.root): Generator<[string, FsNode]> {
    for (const node of this.nodes(from)) yield [node.path, node];
  }

  /** Every node below `from` (the root by default), depth first; a node's path is `node.path`. */
  *nodes(from: FsNode = this.root): Generator<FsNode> {
    if (!from.children) return;
    const stack: Array<IterableIterator<FsNode>> = [from.children.values()];
    while (stack.length > 0) {
      const next = stack[stack.length - 1].next();
      if (next.done) {
        stack.pop();
        continue;
      }
      const child = next.value;
      yield child;
      if (child.children) stack.push(child.children.values());
    }
  }

  /** Follows symlinks (absolute and relative, in any path component) inside the image; undefined on a loop or a dangling link. */
  resolve(path: string, maxHops = 40): { path: string; node: FsNode } | undefined {
    let hops = 0;
    let pending = path.split('/').filter(Boolean);
    const done: string[] = [];
    while (pending.length) {
      const part = pending.shift()!;
      if (part === '.') continue;
      if (part === '..') { done.pop(); continue; }
      const current = [...done, part].join('/');
      const node = this.get(current);
      if (!node) return undefined;
      if (node.entry?.type === 'symlink') {
        if (++hops > maxHops) return undefined;
        const target = node.entry.linkTarget ?? '';
        pending = [...target.split('/').filter(Boolean), ...pending];
        if (target.startsWith('/')) done.length = 0;
        continue;
      }
      done.push(part);
    }
    const finalPath = done.join('/');
    const node = this.get(finalPath);
    return node ? { path: finalPath, node } : undefined;
  }

  /**
   * Records every version in a subtree that is being removed, the subtree's root first, then in nodes()'s
   * order (an explicit stack, not recursion: the input sets the depth). Returns how many non-directories went.
   */
  private removeSubtree(node: FsNode, removedBy: number, cause: RemovalCause): number {
    this.lastParent = undefined;
    let count = 0;
    const record = (child: FsNode) => {
      if (!child.entry) return;
      this.removed.push({ path: child.path, entry: child.entry, bytes: child.entry.size, writtenBy: child.layerIndex, removedBy, cause });
      if (!isDirectory(child)) count++;
    };
    record(node);
    for (const below of this.nodes(node)) record(below);
    return count;
  }

  private parentOf(path: string, layerIndex: number, counts: LayerChangeCounts): DirNode {
    const lastSlash = path.lastIndexOf('/');
    if (lastSlash === -1) return this.root as DirNode;
    const cached = this.lastParent;
    if (cached !== undefined && cached.path.length === lastSlash && path.startsWith(cached.path)) return cached;
    let node = this.root as DirNode;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const dirPath = path.slice(0, slash);
      let child = node.children.atPath(dirPath);
      if (child && !isDirectory(child)) {
        // A path below something that is not a directory: the layer replaced it by a directory.
        counts.removed += this.removeSubtree(child, layerIndex, 'type-change');
        child = undefined;
      }
      if (!child) {
        child = new DirNode(dirPath, undefined, layerIndex);
        node.children.put(child);
      }
      node = child as DirNode;
    }
    this.lastParent = node;
    return node;
  }

  apply(layer: Layer): void {
    const i = layer.index;
    const counts: LayerChangeCounts = { added: 0, modified: 0, removed: 0 };
    this.lastParent = undefined;
    for (const dir of layer.opaqueDirs) {
      const node = this.get(dir);
      if (!node?.children) continue;
      for (const child of node.children.values()) counts.removed += this.removeSubtree(child, i, 'opaque-dir');
      node.children.clear();
    }
    for (const path of layer.whiteouts) {
      const slash = path.lastIndexOf('/');
      const parent = this.get(slash === -1 ? '' : path.slice(0, slash));
      const node = parent?.children?.atPath(path);
      if (!node) continue;
      counts.removed += this.removeSubtree(node, i, 'deleted');
      if (isDirectory(node)) counts.removed++;
      parent!.children!.removePath(path);
    }
    this.lastParent = undefined;
    for (const entry of layer.entries) {
      const parent = this.parentOf(entry.path, i, counts);
      const existing = parent.children.atPath(entry.path);
      if (entry.type === 'directory') {
        if (existing && isDirectory(existing)) {
          if (existing.entry && existing.layerIndex !== i && metadataDiffers(existing.entry, entry)) counts.modified++;
          if (!existing.entry) counts.added++;
          existing.entry = entry;
          existing.layerIndex = i;
          continue;
        }
        if (existing) counts.removed += this.removeSubtree(existing, i, 'type-change');
        parent.children.put(new DirNode(entry.path, entry, i));
        counts.added++;
        continue;
      }
      if (existing) {
        const sameBytes = existing.entry?.type === 'file' && entry.type === 'file' && existing.entry.size === entry.size && sameContentHash(existing.entry, entry);
        const cause: RemovalCause = isDirectory(existing) ? 'type-change' : sameBytes ? 'metadata-copy' : 'overwritten';
        if (isDirectory(existing)) counts.removed += this.removeSubtree(existing, i, cause);
        else if (existing.entry) this.removed.push({ path: entry.path, entry: existing.entry, bytes: existing.entry.size, writtenBy: existing.layerIndex, removedBy: i, cause });
        if (isDirectory(existing)) counts.added++;
        else counts.modified++;
      } else {
        counts.added++;
      }
      parent.children.put(leafOf(entry, i));
    }
    this.changes[i] = counts;
  }
}

function metadataDiffers(a: LayerEntry, b: LayerEntry): boolean {
  return a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid;
}
