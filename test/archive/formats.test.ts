import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeModel } from '../../src/analysis/report.js';
import { openImage } from '../../src/image/open.js';
import type { Image } from '../../src/image/model.js';
import { sample } from '../helpers.js';

/** What must not depend on how the image was stored: content, history and config. */
function essence(image: Image) {
  return {
    diffIds: image.layers.map((l) => l.diffId),
    entries: image.layers.map((l) => l.entries.map((e) => [e.path, e.type, e.mode, e.uid, e.gid, e.size, e.linkTarget, e.contentHash].join('|'))),
    whiteouts: image.layers.map((l) => l.whiteouts),
    opaqueDirs: image.layers.map((l) => l.opaqueDirs),
    history: image.history.map((h) => [h.createdBy, h.emptyLayer, h.layerIndex]),
    config: image.config,
    platform: image.platform,
    bytes: image.layers.map((l) => l.bytes),
  };
}

const waste = {
  docker: await openImage(sample('waste.docker.tar')),
  ociArchive: await openImage(sample('waste.oci.tar')),
  ociZstdDir: await openImage(sample('waste.oci-zstd')),
};

test('the waste image reads the same from docker save, oci-archive (gzip) and an OCI dir (zstd)', () => {
  assert.equal(waste.docker.format, 'docker-archive');
  assert.equal(waste.ociArchive.format, 'oci-archive');
  assert.equal(waste.ociZstdDir.format, 'oci-layout');
  assert.deepEqual(waste.docker.layers.map((l) => l.compression), Array(12).fill('none'));
  assert.deepEqual(waste.ociArchive.layers.map((l) => l.compression), Array(12).fill('gzip'));
  assert.deepEqual(waste.ociZstdDir.layers.map((l) => l.compression), Array(12).fill('zstd'));
  assert.deepEqual(essence(waste.ociArchive), essence(waste.docker));
  assert.deepEqual(essence(waste.ociZstdDir), essence(waste.docker));
  const reports = Object.values(waste).map((image) => analyzeModel(image).report);
  for (const report of reports.slice(1)) {
    assert.deepEqual(report.waste, reports[0].waste);
    assert.deepEqual(report.layers.map((l) => [l.diffId, l.bytes, l.added, l.modified, l.removed]), reports[0].layers.map((l) => [l.diffId, l.bytes, l.added, l.modified, l.removed]));
  }
});

test('the zstd layers decode to their diff_ids with the pure-JS decoder too', async () => {
  const previous = process.env.TSIMAGE_ZSTD;
  process.env.TSIMAGE_ZSTD = 'fzstd';
  try {
    const image = await openImage(sample('waste.oci-zstd'));
    assert.deepEqual(image.layers.map((l) => l.diffId), waste.docker.layers.map((l) => l.diffId));
  } finally {
    if (previous === undefined) delete process.env.TSIMAGE_ZSTD;
    else process.env.TSIMAGE_ZSTD = previous;
  }
});

test('names, tags and ids come from each format', () => {
  assert.equal(waste.docker.name, 'tsimage-sample/waste:1');
  assert.equal(waste.ociArchive.name, 'tsimage-sample/waste:1');
  assert.deepEqual(waste.ociZstdDir.tags, ['1']);
  assert.match(waste.docker.digest!, /^sha256:[a-f0-9]{64}$/);
  assert.match(waste.ociArchive.manifestDigest!, /^sha256:[a-f0-9]{64}$/);
});

test('history lines up with layers, empty_layer entries have none', () => {
  const h = waste.docker.history;
  assert.equal(h.length, 17);
  assert.equal(h.filter((e) => e.emptyLayer).length, 5);
  assert.equal(waste.docker.layers[7].createdBy, '/bin/sh -c rm /srv/app/big.bin');
  assert.deepEqual(waste.docker.layers[7].whiteouts, ['srv/app/big.bin']);
  assert.deepEqual(waste.docker.layers[10].opaqueDirs, ['data']);
  assert.ok(h.filter((e) => e.emptyLayer).every((e) => e.layerIndex === undefined));
});

test('a gzip-compressed docker save and the same archive on stdin give the same model', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-test-'));
  try {
    const gz = join(dir, 'waste.tar.gz');
    await writeFile(gz, gzipSync(readFileSync(sample('waste.docker.tar'))));
    const fromGzip = await openImage(gz);
    assert.deepEqual(essence(fromGzip), essence(waste.docker));
    assert.ok(fromGzip.notes.some((n) => n.includes('gzip-compressed')));
    const fromStdin = await openImage('-', { stdin: createReadStream(gz) });
    assert.deepEqual(essence(fromStdin), essence(waste.docker));
    assert.equal(fromStdin.source, '-');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('several tags of one image, several images, and a save by id', async () => {
  const multitag = await openImage(sample('multitag.docker.tar'));
  assert.deepEqual(multitag.tags, ['tsimage-sample/good:1', 'tsimage-sample/good:2']);
  assert.deepEqual(multitag.notes, []);

  const first = await openImage(sample('multi-image.docker.tar'));
  assert.ok(first.notes.some((n) => n.includes('holds 2 images')));
  const good = await openImage(sample('multi-image.docker.tar'), { image: 'tsimage-sample/good:1' });
  assert.equal(good.name, 'tsimage-sample/good:1');
  assert.deepEqual(good.layers.map((l) => l.diffId), multitag.layers.map((l) => l.diffId));
  const byIdPrefix = await openImage(sample('multi-image.docker.tar'), { image: multitag.digest!.slice(7, 19) });
  assert.equal(byIdPrefix.digest, multitag.digest);
  await assert.rejects(openImage(sample('multi-image.docker.tar'), { image: 'nope:1' }), /no image nope:1 in this archive \(it holds: /);

  const byId = await openImage(sample('by-id.docker.tar'));
  assert.deepEqual(byId.tags, []);
  assert.equal(byId.name, `sha256:${multitag.digest!.slice(7, 19)}`);
  assert.equal(byId.digest, multitag.digest);
});

test('a docker export is one layer with no history or config, and says so', async () => {
  const image = await openImage(sample('export.tar'));
  assert.equal(image.format, 'docker-export');
  assert.equal(image.layers.length, 1);
  assert.equal(image.history.length, 0);
  assert.ok(image.notes.some((n) => n.includes('export/import drops the history')));
  assert.ok(image.layers[0].entries.some((e) => e.path === 'bin/busybox'));
});

test('layers scanned in worker threads give the same model, captured files included, as the main thread', async () => {
  for (const name of ['waste.docker.tar', 'waste.oci.tar', 'waste.oci-zstd', 'export.tar']) {
    const inWorkers = await openImage(sample(name), { workers: true });
    const onMain = await openImage(sample(name), { workers: false });
    assert.deepEqual(essence(inWorkers), essence(onMain), name);
    const capturedFiles = (image: Image) => image.layers.map((l) => [...(l.captured ?? new Map<string, Buffer>())].map(([path, bytes]) => {
      assert.ok(Buffer.isBuffer(bytes), `${path} is a Buffer`);
      return `${path}:${createHash('sha256').update(bytes).digest('hex')}`;
    }));
    assert.deepEqual(capturedFiles(inWorkers), capturedFiles(onMain), name);
  }
  assert.ok(waste.docker.layers.some((l) => (l.captured?.size ?? 0) > 0), 'the sample has captured files to compare');
});

test('a corrupt layer read in a worker thread is still one clear input error', async () => {
  const { craftDockerArchive } = await import('./craft.js');
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-test-'));
  try {
    const archive = join(dir, 'bad.tar');
    await writeFile(archive, await craftDockerArchive([
      { entries: [{ name: 'a.txt', content: 'a' }] },
      { entries: [{ name: 'b.txt', content: 'b' }], gzip: true, corrupt: (b) => Buffer.concat([b.subarray(0, 20), Buffer.alloc(40, 0xff)]) },
    ]));
    await assert.rejects(openImage(archive, { workers: true }), (error: Error) => error.name === 'InputError' && /layer 1 .*gzip/.test(error.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
