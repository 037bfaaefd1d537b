/**
 * The squashed FileTree as it was before issue 13's memory work (5dba956): a node object and a name string per
 * path, children by name. Kept only as the oracle of test/image/file-tree-differential.test.ts.
 */
import type { Layer, LayerEntry } from '../../src/image/model.js';
import { sameContentHash } from '../../src/image/scanned-entry.js';

/** A node of the stacked file tree: the newest version of a path and the layer that wrote it. */
export interface FsNode {
  name: string;
  /** Undefined for a directory no layer wrote explicitly (only implied by paths below it). */
  entry?: LayerEntry;
  layerIndex: number;
  children?: Map<string, FsNode>;
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

function isDirectory(node: FsNode): boolean {
  return node.children !== undefined;
}

/**
 * The squashed filesystem of an image, built by applying the layers in order with overlay semantics
 * (image-spec layer.md): within a layer, whiteouts and opaque markers act on the lower layers only, then
 * the layer's own entries are laid on top. Every file version that is hidden on the way is reported.
 */
export class FileTree {
  readonly root: FsNode = { name: '', layerIndex: -1, children: new Map() };
  readonly removed: RemovedVersion[] = [];
  readonly changes: LayerChangeCounts[] = [];

  static fromLayers(layers: Layer[]): FileTree {
    const tree = new FileTree();
    for (const layer of layers) tree.apply(layer);
    return tree;
  }

  get(path: string): FsNode | undefined {
    if (path === '') return this.root;
    let node: FsNode | undefined = this.root;
    for (const part of path.split('/')) {
      node = node.children?.get(part);
      if (!node) return undefined;
    }
    return node;
  }

  /** Every node below the root, depth first, with its path. */
  *walk(from: FsNode = this.root, prefix = ''): Generator<[string, FsNode]> {
    if (!from.children) return;
    // An explicit stack, not `yield*` recursion: a nested generator costs every item one resumption per level.
    const stack: Array<{ children: IterableIterator<[string, FsNode]>; prefix: string }> = [{ children: from.children.entries(), prefix }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = top.children.next();
      if (next.done) {
        stack.pop();
        continue;
      }
      const [name, child] = next.value;
      const path = top.prefix ? `${top.prefix}/${name}` : name;
      yield [path, child];
      if (child.children) stack.push({ children: child.children.entries(), prefix: path });
    }
  }

  /**
   * Every node below the root in walk()'s order, without building a path for each. A node a layer wrote
   * is at its entry's own path (`node.entry.path`): the tree is built from those.
   */
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

  private removeSubtree(path: string, node: FsNode, removedBy: number, cause: RemovalCause): number {
    let count = 0;
    if (node.entry) {
      this.removed.push({ path, entry: node.entry, bytes: node.entry.size, writtenBy: node.layerIndex, removedBy, cause });
      if (!isDirectory(node)) count++;
    }
    if (node.children) for (const [name, child] of node.children) count += this.removeSubtree(`${path}/${name}`, child, removedBy, cause);
    return count;
  }

  private parentOf(path: string, layerIndex: number, counts: LayerChangeCounts): FsNode {
    let node = this.root;
    // Components by index, not split(): the path of a component is only built when something is removed there.
    let start = 0;
    for (let slash = path.indexOf('/'); slash !== -1; start = slash + 1, slash = path.indexOf('/', start)) {
      const part = path.slice(start, slash);
      let child = node.children!.get(part);
      if (child && !isDirectory(child)) {
        // A path below something that is not a directory: the layer replaced it by a directory.
        counts.removed += this.removeSubtree(path.slice(0, slash), child, layerIndex, 'type-change');
        child = undefined;
      }
      if (!child) {
        child = { name: part, layerIndex, children: new Map() };
        node.children!.set(part, child);
      }
      node = child;
    }
    return node;
  }

  apply(layer: Layer): void {
    const i = layer.index;
    const counts: LayerChangeCounts = { added: 0, modified: 0, removed: 0 };
    for (const dir of layer.opaqueDirs) {
      const node = this.get(dir);
      if (!node?.children) continue;
      for (const [name, child] of node.children) counts.removed += this.removeSubtree(dir ? `${dir}/${name}` : name, child, i, 'opaque-dir');
      node.children.clear();
    }
    for (const path of layer.whiteouts) {
      const slash = path.lastIndexOf('/');
      const parent = this.get(slash === -1 ? '' : path.slice(0, slash));
      const name = path.slice(slash + 1);
      const node = parent?.children?.get(name);
      if (!node) continue;
      counts.removed += this.removeSubtree(path, node, i, 'deleted');
      if (isDirectory(node)) counts.removed++;
      parent!.children!.delete(name);
    }
    for (const entry of layer.entries) {
      const parent = this.parentOf(entry.path, i, counts);
      const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
      const existing = parent.children!.get(name);
      if (entry.type === 'directory') {
        if (existing && isDirectory(existing)) {
          if (existing.entry && existing.layerIndex !== i && metadataDiffers(existing.entry, entry)) counts.modified++;
          if (!existing.entry) counts.added++;
          existing.entry = entry;
          existing.layerIndex = i;
          continue;
        }
        if (existing) counts.removed += this.removeSubtree(entry.path, existing, i, 'type-change');
        parent.children!.set(name, { name, entry, layerIndex: i, children: new Map() });
        counts.added++;
        continue;
      }
      if (existing) {
        const sameBytes = existing.entry?.type === 'file' && entry.type === 'file' && existing.entry.size === entry.size && sameContentHash(existing.entry, entry);
        const cause: RemovalCause = isDirectory(existing) ? 'type-change' : sameBytes ? 'metadata-copy' : 'overwritten';
        if (isDirectory(existing)) counts.removed += this.removeSubtree(entry.path, existing, i, cause);
        else if (existing.entry) this.removed.push({ path: entry.path, entry: existing.entry, bytes: existing.entry.size, writtenBy: existing.layerIndex, removedBy: i, cause });
        if (isDirectory(existing)) counts.added++;
        else counts.modified++;
      } else {
        counts.added++;
      }
      parent.children!.set(name, { name, entry, layerIndex: i });
    }
    this.changes[i] = counts;
  }
}

function metadataDiffers(a: LayerEntry, b: LayerEntry): boolean {
  return a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid;
}
