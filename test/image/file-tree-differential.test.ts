/**
 * Differential test: the squashed FileTree (entries as their own nodes, children by full path, lastParent
 * cache) against the tree as it was at 5dba956 (test/image/reference-file-tree.ts), on random layers built
 * from a small alphabet of path components: random types, repeated paths within and across layers, directory
 * entries after the paths below them, paths below files, whiteouts and opaque directories, and the same
 * ScannedEntry object placed in two layers and in two trees. Paths are normal ones, as entry-path.ts makes every
 * layer path: no empty component (`/a`, `a//b`, `a/`), where get('') is the root and the two trees part ways.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileTree, type FsNode } from '../../src/image/filesystem.js';
import type { EntryType, Layer, LayerEntry } from '../../src/image/model.js';
import { ScannedEntry } from '../../src/image/scanned-entry.js';
import { seededRandom } from '../seeded-random.js';
import { FileTree as OldFileTree } from './reference-file-tree.js';

const TYPES: EntryType[] = ['file', 'file', 'file', 'directory', 'directory', 'symlink', 'hardlink', 'fifo'];

function makeLayers(seed: number, components: readonly string[]): Layer[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const randomPath = (): string => {
    const depth = 1 + Math.floor(rnd() * 4);
    const parts: string[] = [];
    for (let d = 0; d < depth; d++) parts.push(pick(components));
    return parts.join('/');
  };
  const pool: LayerEntry[] = [];
  const layerCount = 1 + Math.floor(rnd() * 5);
  const layers: Layer[] = [];
  for (let index = 0; index < layerCount; index++) {
    const entries: LayerEntry[] = [];
    const count = Math.floor(rnd() * 14);
    for (let k = 0; k < count; k++) {
      const r = rnd();
      // Now and then an entry object an earlier layer (or this one) already holds: the LeafNode fallback.
      if (r < 0.08 && pool.length) { entries.push(pick(pool)); continue; }
      const path = r < 0.3 && entries.length ? siblingOrParent(pick(entries).path, pick, rnd) : randomPath();
      const type = pick(TYPES);
      const size = type === 'file' ? Math.floor(rnd() * 3) * 10 : 0;
      let entry: LayerEntry;
      if (rnd() < 0.8) {
        const scanned = new ScannedEntry(path, type, rnd() < 0.7 ? 0o644 : 0o755, 0, 0, size, type === 'symlink' || type === 'hardlink' ? 'a' : undefined, 0);
        if (type === 'file' && size > 0) scanned.contentHash = `xxh64:${'0'.repeat(15)}${Math.floor(rnd() * 2)}`;
        entry = scanned;
      } else {
        entry = { path, type, mode: rnd() < 0.7 ? 0o644 : 0o755, uid: 0, gid: 0, size, mtime: 0 };
        if (type === 'file' && size > 0) entry.contentHash = `xxh64:${'0'.repeat(15)}${Math.floor(rnd() * 2)}`;
      }
      entries.push(entry);
      pool.push(entry);
    }
    const whiteouts: string[] = [];
    const opaqueDirs: string[] = [];
    if (index > 0) {
      for (let k = Math.floor(rnd() * 3); k > 0; k--) whiteouts.push(randomPath());
      for (let k = Math.floor(rnd() * 2); k > 0; k--) opaqueDirs.push(rnd() < 0.1 ? '' : randomPath());
    }
    layers.push({ index, digest: '', diffId: '', compression: 'none', compressedBytes: 0, tarBytes: 0, bytes: 0, entries, whiteouts, opaqueDirs } as Layer);
  }
  return layers;
}

/** A path next to or above a given one: a layer lists a directory's entries together, and dirs after their contents. */
function siblingOrParent(path: string, pick: <T>(xs: readonly T[]) => T, rnd: () => number): string {
  const parts = path.split('/');
  if (rnd() < 0.4 && parts.length > 1) return parts.slice(0, -1).join('/');
  parts[parts.length - 1] = pick(['a', 'b', 'c', 'd']);
  return parts.join('/');
}

interface Snapshot {
  walk: [string, LayerEntry | undefined, number, boolean, string][];
  dirs: [string, string[]][];
  removed: unknown[];
  changes: unknown[];
}

function snapshotNew(tree: FileTree): Snapshot {
  const walk: Snapshot['walk'] = [];
  const dirs: Snapshot['dirs'] = [];
  for (const [path, node] of tree.walk()) {
    walk.push([path, node.entry, node.layerIndex, node.children !== undefined, node.name]);
    assert.equal(node.path, path, 'node.path is its walk path');
    assert.equal(tree.get(path), node, `get(${path})`);
    if (node.children) {
      dirs.push([path, [...node.children.keys()]]);
      for (const [name, child] of node.children) assert.equal(node.children.get(name), child);
      // walk(from) yields full paths now; nodes(from) the same nodes in the same order.
      const below = [...tree.walk(node)];
      assert.deepEqual(below.map(([, n]) => n), [...tree.nodes(node)]);
      for (const [p, n] of below) assert.equal(p, n.path);
    }
  }
  assert.deepEqual([...tree.nodes()], walk.map(([p]) => tree.get(p)));
  return { walk, dirs, removed: tree.removed.map((r) => ({ ...r })), changes: tree.changes };
}

function snapshotOld(tree: OldFileTree): Snapshot {
  const walk: Snapshot['walk'] = [];
  const dirs: Snapshot['dirs'] = [];
  for (const [path, node] of tree.walk()) {
    walk.push([path, node.entry, node.layerIndex, node.children !== undefined, node.name]);
    if (node.children) dirs.push([path, [...node.children.keys()]]);
  }
  return { walk, dirs, removed: tree.removed.map((r) => ({ ...r })), changes: tree.changes };
}

function compare(seed: number, components: readonly string[]): void {
  const layers = makeLayers(seed, components);
  const old = snapshotOld(OldFileTree.fromLayers(layers));
  const now = snapshotNew(FileTree.fromLayers(layers));
  const again = snapshotNew(FileTree.fromLayers(layers)); // the same entries placed by a second tree
  for (const [label, got] of [['first tree', now], ['second tree', again]] as const) {
    assert.deepEqual(got.walk, old.walk, `seed ${seed} ${label}: walk`);
    assert.deepEqual(got.dirs, old.dirs, `seed ${seed} ${label}: children by name`);
    assert.deepEqual(got.removed, old.removed, `seed ${seed} ${label}: removed`);
    assert.deepEqual(got.changes, old.changes, `seed ${seed} ${label}: changes`);
  }
  // The same entries in an image whose layers sit at other indexes (a ScannedEntry already placed elsewhere).
  const shifted = layers.map((l) => ({ ...l, index: l.index + 1 }));
  shifted.unshift({ ...layers[0]!, index: 0, entries: [], whiteouts: [], opaqueDirs: [] });
  const oldShifted = snapshotOld(OldFileTree.fromLayers(shifted));
  const newShifted = snapshotNew(FileTree.fromLayers(shifted));
  assert.deepEqual(newShifted, oldShifted, `seed ${seed}: shifted layers`);
  // The first image again, after the shifted one: layerIndex of its nodes still the first image's.
  assert.deepEqual(snapshotNew(FileTree.fromLayers(layers)).walk, old.walk, `seed ${seed}: first image again`);
}

test('FileTree matches the 5dba956 tree on random layers', () => {
  for (let seed = 1; seed <= 4_000; seed++) compare(seed, ['a', 'b', 'c']);
});

test('FileTree matches the 5dba956 tree on random layers with longer names', () => {
  for (let seed = 1; seed <= 1_500; seed++) compare(seed, ['a', 'ab', 'a.b', 'b', 'bb']);
});

test('a node reads back through tree.get and its parent children.get', () => {
  for (let seed = 1; seed <= 600; seed++) {
    const tree = FileTree.fromLayers(makeLayers(seed, ['a', 'b']));
    const visit = (dir: FsNode): void => {
      for (const [name, child] of dir.children ?? []) {
        assert.equal(child.name, name);
        assert.equal(dir.children!.has(name), true);
        if (child.children) visit(child);
      }
    };
    visit(tree.root);
  }
});
