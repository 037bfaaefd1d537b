/**
 * Archives written by other tools (../shared/fixtures/peers, see its README): each must be read, or refused
 * with one clear line. Skipped when the folder is absent; never copied into this repository.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeImage } from '../../src/index.js';
import { hasStackTrace, havePeerFixtures, peerFixturesDir, runCli } from '../helpers.js';

const skip = havePeerFixtures ? false : `peer fixtures not found at ${peerFixturesDir}`;
const peer = (name: string) => join(peerFixturesDir, name);

test('dive\'s test image gives the figures dive\'s own test expects', { skip }, async () => {
  const report = await analyzeImage(peer('dive-test-docker-image.tar'));
  // wagoodman/dive dive/image/docker/image_archive_analysis_test.go
  assert.equal(report.waste.diveEfficiency, 0.9844212134184309);
  assert.equal(report.waste.diveWastedBytes, 32025);
  assert.equal(report.totalBytes, 1220598);
  assert.equal(report.totalBytes - report.layers[0].bytes, 66237);
  assert.equal(report.waste.diveUserWastedPercent, 0.4834911001404049);
  assert.equal(report.layerCount, 14);
});

test('kaniko output: gzip blobs at the top level, config named sha256:<hex>, root entry "/"', { skip }, async () => {
  const report = await analyzeImage(peer('dive-test-kaniko-image.tar'));
  assert.equal(report.layerCount, 14);
  assert.ok(report.layers.every((l) => l.compression === 'gzip'));
});

test('one-layer oci-archives with gzip, plain and zstd layers give the same model', { skip }, async () => {
  const reports = await Promise.all(['gzip', 'uncompressed', 'zstd'].map((c) => analyzeImage(peer(`dive-test-oci-${c}-image.tar`))));
  assert.deepEqual(reports.map((r) => r.layers[0].compression), ['gzip', 'none', 'zstd']);
  for (const r of reports) {
    assert.equal(r.image.format, 'oci-archive');
    assert.equal(r.layers[0].diffId, reports[0].layers[0].diffId);
    assert.equal(r.totalBytes, reports[0].totalBytes);
  }
});

test('Docker 25 save: OCI layout plus manifest.json', { skip }, async () => {
  const report = await analyzeImage(peer('ggcr-hello-world-v25.tar'));
  assert.equal(report.image.format, 'docker-archive-oci');
  assert.match(report.image.manifestDigest ?? '', /^sha256:/);
});

test('layers stored once and linked by symlink', { skip }, async () => {
  const symbolic = await analyzeImage(peer('dockle-symbolic.tar'));
  assert.equal(symbolic.layerCount, 9);
  const linked = await analyzeImage(peer('ggcr-test_link.tar'), { image: 'bazel/v1/tarball:test_image_3' });
  assert.equal(linked.image.tags[0], 'bazel/v1/tarball:test_image_3');
});

test('a whiteout and an overwrite in go-containerregistry\'s test images', { skip }, async () => {
  const whiteout = await analyzeImage(peer('ggcr-whiteout_image.tar'));
  assert.deepEqual(whiteout.waste.topPaths, [{ path: 'foo.txt', bytes: 4, writtenBy: 0, removedBy: 1, cause: 'deleted' }]);
  const overwritten = await analyzeImage(peer('ggcr-overwritten_file.tar'));
  assert.deepEqual(overwritten.waste.topPaths, [{ path: 'foo.txt', bytes: 4, writtenBy: 0, removedBy: 1, cause: 'overwritten' }]);
});

test('an old save without manifest.json, several images in one archive, empty-layer history', { skip }, async () => {
  const old = await analyzeImage(peer('ggcr-no_manifest.tar'));
  assert.equal(old.image.format, 'docker-archive-v1');
  const bundle = await analyzeImage(peer('ggcr-test_bundle.tar'), { image: 'test_image_1' });
  assert.equal(bundle.image.name, 'test_image_1');
  const history = await analyzeImage(peer('ggcr-source_image_with_empty_layer_history.tar'));
  assert.equal(history.layerCount, 1);
});

test('every peer archive is read (exit 0) or refused with one line and exit 2', { skip }, async () => {
  for (const name of readdirSync(peerFixturesDir).filter((n) => /\.tar(\.gz)?$/.test(n))) {
    const { code, stderr } = await runCli(['analyze', peer(name), '--format', 'json']);
    assert.equal(hasStackTrace(stderr), false, `${name}: ${stderr}`);
    if (name === 'ggcr-null_manifest.tar') {
      assert.equal(code, 2, name);
      assert.match(stderr, /manifest\.json lists no images \(it is null\)/);
    } else {
      assert.ok(code === 0 || code === 1, `${name}: exit ${code}: ${stderr}`);
    }
  }
});
