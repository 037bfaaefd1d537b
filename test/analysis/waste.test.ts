import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeModel } from '../../src/analysis/report.js';
import { openImage } from '../../src/image/open.js';
import { sample } from '../helpers.js';

// The figures come from the layer listings in samples/README.md, added up by hand.
const { report, tree } = analyzeModel(await openImage(sample('waste.docker.tar')));

test('reports 462,400 reclaimable bytes for the waste sample, by cause', () => {
  assert.equal(report.waste.reclaimableBytes, 300000 + 102400 + 50000 + 10000);
  assert.deepEqual(report.waste.byCause, { deleted: 300000, 'metadata-copy': 102400, overwritten: 50000, 'opaque-dir': 10000, 'type-change': 0 });
});

test('breaks reclaimable bytes down by the layer that wrote them', () => {
  assert.deepEqual(report.waste.byLayer, [
    { layerIndex: 2, bytes: 300000 },
    { layerIndex: 3, bytes: 102400 },
    { layerIndex: 4, bytes: 50000 },
    { layerIndex: 5, bytes: 10000 },
  ]);
});

test('lists the top paths with their cause and layers', () => {
  assert.deepEqual(report.waste.topPaths.slice(0, 3), [
    { path: 'srv/app/big.bin', bytes: 300000, writtenBy: 2, removedBy: 7, cause: 'deleted' },
    { path: 'srv/app/copied.bin', bytes: 102400, writtenBy: 3, removedBy: 8, cause: 'metadata-copy' },
    { path: 'srv/app/config.dat', bytes: 50000, writtenBy: 4, removedBy: 9, cause: 'overwritten' },
  ]);
  assert.deepEqual(report.waste.topPaths.slice(3).map((p) => [p.path, p.cause]), [
    ['data/sub/d.bin', 'opaque-dir'], ['data/c.bin', 'opaque-dir'], ['data/b.bin', 'opaque-dir'], ['data/a.bin', 'opaque-dir'],
  ]);
});

test('finds the same 40,000 bytes at two paths in different layers', () => {
  assert.equal(report.waste.duplicates.length, 1);
  assert.deepEqual(report.waste.duplicates[0].paths, [{ path: 'srv/app/dup-a.bin', layerIndex: 6 }, { path: 'opt/dup-b.bin', layerIndex: 11 }]);
  assert.equal(report.waste.duplicateBytes, 40000);
});

test('the final filesystem applies the whiteout and the opaque directory', () => {
  assert.equal(tree.get('srv/app/big.bin'), undefined);
  assert.deepEqual([...tree.get('data')!.children!.keys()], ['x']);
  assert.equal(tree.get('srv/app/copied.bin')!.entry!.mode & 0o777, 0o600);
  assert.equal(tree.get('srv/app/config.dat')!.entry!.size, 20000);
  assert.equal(report.finalBytes, report.totalBytes - report.waste.reclaimableBytes);
});

test('counts files added, changed and removed per layer', () => {
  const counts = report.layers.map((l) => [l.added, l.modified, l.removed]);
  assert.deepEqual(counts[7], [0, 0, 1]);
  assert.deepEqual(counts[8], [0, 1, 0]);
  assert.deepEqual(counts[10], [1, 0, 4]);
});

test('dive-compatible figures keep dive\'s formula (every copy counted, the deleted directory not)', () => {
  // dive: /srv/app/big.bin 300000 (+0 whiteout), copied.bin 2x102400, config.dat 50000+20000, and the
  // opaque directory is invisible to it; its efficiency is Σmin/Σcum over every leaf path.
  assert.equal(report.waste.diveWastedBytes, 300000 + 2 * 102400 + 50000 + 20000);
  assert.equal(report.waste.diveUserWastedPercent, report.waste.diveWastedBytes / (report.totalBytes - report.layers[0].bytes));
  assert.ok(report.waste.diveEfficiency > 0.82 && report.waste.diveEfficiency < 0.84);
  assert.ok(Math.abs(report.waste.efficiency - (1 - 462400 / report.totalBytes)) < 1e-12);
});
