import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diveEfficiency } from '../../src/analysis/dive-efficiency.js';
import { compareTreePaths, isPlainLayer } from '../../src/analysis/dive-visit-order.js';
import type { Layer, LayerEntry } from '../../src/image/model.js';
import { seededRandom } from '../seeded-random.js';

// Names that sort around '/' (space, '!', '-', '.' are below it) and prefixes of one another.
const NAMES = ['a', 'b', 'ab', 'a-b', 'a.b', 'a b', 'a!', 'A', 'z', 'é', 'a0'];

function randomPath(random: () => number): string {
  const depth = 1 + Math.floor(random() * 4);
  return Array.from({ length: depth }, () => NAMES[Math.floor(random() * NAMES.length)]).join('/');
}

function randomLayers(random: () => number): Layer[] {
  const layerCount = 1 + Math.floor(random() * 4);
  const layers: Layer[] = [];
  const written: string[] = [];
  for (let index = 0; index < layerCount; index++) {
    const entries: LayerEntry[] = [];
    const whiteouts: string[] = [];
    const entryCount = Math.floor(random() * 25);
    for (let k = 0; k < entryCount; k++) {
      // Paths written before come back often: repeats are what dive counts as waste.
      const path = written.length > 0 && random() < 0.4 ? written[Math.floor(random() * written.length)] : randomPath(random);
      const directory = random() < 0.3;
      entries.push({ path, type: directory ? 'directory' : 'file', mode: 0o644, uid: 0, gid: 0, size: directory ? 0 : Math.floor(random() * 5) * 1000, mtime: 0 });
      written.push(path);
    }
    const whiteoutCount = Math.floor(random() * 4);
    for (let k = 0; k < whiteoutCount; k++) {
      whiteouts.push(written.length > 0 && random() < 0.7 ? written[Math.floor(random() * written.length)] : randomPath(random));
    }
    layers.push({ index, digest: `sha256:${index}`, diffId: `sha256:${index}`, compression: 'none', compressedBytes: 0, tarBytes: 0, bytes: entries.reduce((sum, e) => sum + e.size, 0), entries, whiteouts, opaqueDirs: [] });
  }
  return layers;
}

test('dive figures by sorted paths are the figures of dive\'s whole trees, on 3,000 random images', () => {
  const random = seededRandom(13);
  let withWhiteouts = 0;
  for (let round = 0; round < 3000; round++) {
    const layers = randomLayers(random);
    assert.ok(layers.every(isPlainLayer));
    const sorted = diveEfficiency(layers, Infinity, true);
    const trees = diveEfficiency(layers, Infinity, false);
    assert.deepEqual(sorted, trees, `round ${round}: ${JSON.stringify(layers.map((l) => [l.entries.map((e) => [e.path, e.type, e.size]), l.whiteouts]))}`);
    if (layers.some((l, i) => i > 0 && l.whiteouts.length > 0)) withWhiteouts++;
  }
  // The rounds must exercise whiteouts (and with them the stacked tree and aborted layers), not only plain writes.
  assert.ok(withWhiteouts > 500, `${withWhiteouts} rounds with whiteouts`);
});

test('tree order compares paths component by component', () => {
  const random = seededRandom(7);
  const byComponents = (a: string, b: string) => {
    const x = a.split('/'), y = b.split('/');
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return x.length - y.length;
  };
  for (let round = 0; round < 20000; round++) {
    const a = randomPath(random), b = randomPath(random);
    assert.equal(Math.sign(compareTreePaths(a, b)), Math.sign(byComponents(a, b)), `${a} vs ${b}`);
  }
});

test('layers with odd paths are not plain (they take dive\'s whole trees)', () => {
  const layer = (paths: string[], whiteouts: string[] = []): Layer => ({
    index: 0, digest: '', diffId: '', compression: 'none', compressedBytes: 0, tarBytes: 0, bytes: 0, opaqueDirs: [], whiteouts,
    entries: paths.map((path) => ({ path, type: 'file', mode: 0, uid: 0, gid: 0, size: 0, mtime: 0 })),
  });
  assert.equal(isPlainLayer(layer(['etc/passwd', 'a.wh/b', 'x/y.wh.z'])), true);
  for (const odd of ['/etc', 'etc/', 'a//b', '', '.wh.x', 'a/.wh.b']) {
    assert.equal(isPlainLayer(layer([odd])), false, odd);
    assert.equal(isPlainLayer(layer(['ok'], [odd])), false, odd);
  }
});
