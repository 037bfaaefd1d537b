import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeTree, cutTree, finalView, imageTrees, layerChanges, treeView, weight, type SizeNode } from '../../src/analysis/size-tree.js';
import { FileTree } from '../../src/image/filesystem.js';
import { openImage } from '../../src/image/open.js';
import { sample } from '../helpers.js';

const waste = await openImage(sample('waste.docker.tar'));

function find(root: SizeNode, path: string): SizeNode | undefined {
  if (root.path === path) return root;
  for (const child of root.children ?? []) {
    if (path === child.path || path.startsWith(`${child.path}/`)) return find(child, path);
  }
  return undefined;
}

function* nodes(root: SizeNode): Generator<SizeNode> {
  for (const child of root.children ?? []) { yield child; yield* nodes(child); }
}

// a/x 100, a/y 50, a/sub/z 30, b/w 10, c 5: directories total what is below them.
const small = changeTree([
  { path: 'a/x', type: 'file', bytes: 100 }, { path: 'a/y', type: 'file', bytes: 50 }, { path: 'a/sub/z', type: 'file', bytes: 30 },
  { path: 'b/w', type: 'file', bytes: 10 }, { path: 'c', type: 'file', bytes: 5 },
]);

test('directories carry the total below them, children largest first', () => {
  assert.equal(small.bytes, 195);
  assert.equal(small.entries, 8);
  assert.deepEqual(small.children!.map((c) => [c.name, c.bytes]), [['a', 180], ['b', 10], ['c', 5]]);
  assert.deepEqual(find(small, 'a')!.children!.map((c) => c.name), ['x', 'y', 'sub']);
});

test('a depth cut keeps the levels above it and counts what is below', () => {
  const cut = cutTree(small, { maxDepth: 1 }, 'final');
  assert.deepEqual(cut.root.children!.map((c) => [c.name, c.children?.length ?? null, c.omitted]), [
    ['a', 0, { entries: 4, bytes: 180 }], ['b', 0, { entries: 1, bytes: 10 }], ['c', null, undefined],
  ]);
  assert.deepEqual(cut.omitted, { entries: 5, bytes: 190 });
  assert.equal(cut.shownEntries + cut.omitted.entries, cut.totalEntries);
});

test('a size cut drops small entries whole, directories included', () => {
  const cut = cutTree(small, { minBytes: 40 }, 'final');
  assert.deepEqual([...nodes(cut.root)].map((n) => n.path), ['a', 'a/x', 'a/y']);
  assert.deepEqual(find(cut.root, 'a')!.omitted, { entries: 2, bytes: 30 });
  assert.deepEqual(cut.root.omitted, { entries: 3, bytes: 15 });
});

test('an entry cut keeps the largest, never an entry without its directory', () => {
  const cut = cutTree(small, { maxEntries: 3 }, 'final');
  assert.deepEqual([...nodes(cut.root)].map((n) => n.path), ['a', 'a/x', 'a/y']);
  assert.equal(cut.shownEntries, 3);
  assert.deepEqual(cut.omitted, { entries: 5, bytes: 45 });
});

test('on the waste sample every cut accounts for every entry, and the root total never changes', () => {
  const full = finalView(FileTree.fromLayers(waste.layers));
  for (const cut of [{}, { maxDepth: 1 }, { maxDepth: 2, minBytes: 1000 }, { maxEntries: 10 }, { maxEntries: 1 }, { minBytes: 10 ** 9 }]) {
    const tree = cutTree(full, cut, 'final');
    assert.equal(tree.shownEntries + tree.omitted.entries, tree.totalEntries, JSON.stringify(cut));
    assert.equal(tree.root.bytes, full.bytes);
    const shown = [...nodes(tree.root)];
    assert.equal(shown.length, tree.shownEntries);
    const omittedBelow = shown.reduce((s, n) => s + (n.omitted?.bytes ?? 0), tree.root.omitted?.bytes ?? 0);
    assert.equal(omittedBelow, tree.omitted.bytes);
    for (const n of shown) if (n.children) assert.deepEqual(n.children.map(weight), [...n.children.map(weight)].sort((a, b) => b - a));
  }
});

test('what each layer of the waste sample changed: removed, modified and added, with the bytes', () => {
  const before = (n: number) => FileTree.fromLayers(waste.layers.slice(0, n));
  const rm = layerChanges(before(7), waste.layers[7]);
  assert.equal(find(rm, 'srv/app/big.bin')?.change, 'removed');
  assert.equal(rm.removedBytes, 300000);
  assert.equal(rm.bytes, 0);
  const chmod = layerChanges(before(8), waste.layers[8]);
  assert.equal(find(chmod, 'srv/app/copied.bin')?.change, 'modified');
  assert.equal(find(chmod, 'srv/app')?.change, undefined, 'a directory the layer only passes through is not marked');
  const replaced = layerChanges(before(10), waste.layers[10]);
  assert.deepEqual([...nodes(replaced)].filter((n) => n.change).map((n) => [n.path, n.change]).sort(), [
    ['data/a.bin', 'removed'], ['data/b.bin', 'removed'], ['data/c.bin', 'removed'], ['data/sub', 'removed'], ['data/sub/d.bin', 'removed'], ['data/x', 'added'],
  ]);
  assert.equal(replaced.removedBytes, 10000);
});

test('the layer view is the filesystem after the layer, with what it removed shown', () => {
  const view = treeView(waste.layers, { layer: 7 }, {});
  assert.equal(find(view.root, 'srv/app/big.bin')?.change, 'removed');
  assert.equal(find(view.root, 'srv/app/copied.bin')?.change, undefined);
  assert.equal(view.root.bytes, finalBytes(waste.layers.slice(0, 8)));
  assert.equal(view.root.removedBytes, 300000);
});

function finalBytes(layers: typeof waste.layers): number {
  let sum = 0;
  for (const [, node] of FileTree.fromLayers(layers).walk()) sum += node.entry?.type === 'file' ? node.entry.size : 0;
  return sum;
}

test('the html trees: the final filesystem and one change tree a layer, from one walk', () => {
  const trees = imageTrees(waste.layers);
  assert.equal(trees.layers.length, waste.layers.length);
  assert.deepEqual(trees.final, treeView(waste.layers, {}, { maxEntries: 5000 }));
  assert.deepEqual(trees.layers[7], treeView(waste.layers, { layer: 7, changesOnly: true }, { maxEntries: trees.layers[7].cut.maxEntries }));
});
