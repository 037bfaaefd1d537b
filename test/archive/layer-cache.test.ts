import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { runCli, sample } from '../helpers.js';
import { LayerCache, LAYER_CACHE_FORMAT } from '../../src/archive/cache/layer-cache.js';
import { defaultCacheDir } from '../../src/archive/cache/cache-dir.js';
import { defaultScanLimits } from '../../src/archive/layer-scan.js';
import { openImage } from '../../src/image/open.js';
import type { Image } from '../../src/image/model.js';

/**
 * The layer cache (src/archive/cache) as the loader uses it, on the committed samples: waste.oci.tar and the
 * amd64 image of multiarch.oci are two images built on the same busybox base layer, gzip-compressed to the same
 * bytes (digest 8649d4a43e7b…). Plain layers (a docker save) are not cached: hashing them, which a hit needs
 * anyway, is their whole scan.
 */
const WASTE = sample('waste.oci.tar');
const OTHER = sample('multiarch.oci');
const AMD64 = { platform: 'linux/amd64' };
const BIG = 1024 ** 3;

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tsimage-cache-test-'));
}

/** The model without what names the source. */
function model(image: Image): unknown {
  return { ...image, source: undefined };
}

async function entryFiles(dir: string): Promise<string[]> {
  const folder = join(dir, `layers-v${LAYER_CACHE_FORMAT}`);
  return (await readdir(folder)).map((name) => join(folder, name));
}

test('a base layer shared by two images is scanned once: the second image takes it from the cache, and its model is unchanged', async () => {
  const dir = await freshDir();
  try {
    const cache = new LayerCache({ dir, maxBytes: BIG });
    const waste = await openImage(WASTE, { cache });
    assert.deepEqual(cache.stats, { hits: 0, misses: waste.layers.length, writes: waste.layers.length, rejected: 0 });

    const second = new LayerCache({ dir, maxBytes: BIG });
    const other = await openImage(OTHER, { ...AMD64, cache: second });
    const shared = other.layers.filter((l) => waste.layers.some((w) => w.digest === l.digest));
    assert.equal(shared.length, 1, 'the samples share their base layer');
    assert.deepEqual(second.stats, { hits: 1, misses: other.layers.length - 1, writes: other.layers.length - 1, rejected: 0 });
    assert.deepEqual(model(other), model(await openImage(OTHER, AMD64)));

    // The first image again: every layer is a hit.
    const third = new LayerCache({ dir, maxBytes: BIG });
    const again = await openImage(WASTE, { cache: third });
    assert.deepEqual(third.stats, { hits: waste.layers.length, misses: 0, writes: 0, rejected: 0 });
    assert.deepEqual(model(again), model(waste));

    // Plain layers are neither looked up nor stored.
    const plain = new LayerCache({ dir, maxBytes: BIG });
    await openImage(sample('waste.docker.tar'), { cache: plain });
    assert.deepEqual(plain.stats, { hits: 0, misses: 0, writes: 0, rejected: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a lying archive: declared digests of cached layers over other bytes are caught, not taken from the cache', async () => {
  const dir = await freshDir();
  const work = await freshDir();
  try {
    const cache = new LayerCache({ dir, maxBytes: BIG });
    const original = await openImage(sample('waste.oci-zstd'), { cache });
    // Same index, manifest and config (so the same declared digests and diff_ids), one blob's bytes changed.
    const layout = join(work, 'layout');
    await cp(sample('waste.oci-zstd'), layout, { recursive: true });
    const victim = original.layers[2].digest.replace('sha256:', '');
    const blob = join(layout, 'blobs', 'sha256', victim);
    const bytes = await readFile(blob);
    bytes[bytes.length - 9] ^= 0xff;
    await writeFile(blob, bytes);
    await assert.rejects(openImage(layout, { cache: new LayerCache({ dir, maxBytes: BIG }) }), /mismatch for layer 2|layer 2 .*(corrupt|zstd)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
});

test('a corrupt, truncated or other-format entry is ignored and rewritten; nothing is misread', async () => {
  const dir = await freshDir();
  try {
    const reference = await openImage(OTHER, { ...AMD64, cache: new LayerCache({ dir, maxBytes: BIG }) });
    const [first, second, third] = (await entryFiles(dir)).sort();
    await writeFile(first, (await readFile(first)).subarray(0, 40));
    await writeFile(second, 'not gzip at all');
    const document = JSON.parse(gunzipSync(await readFile(third)).toString());
    await writeFile(third, gzipSync(JSON.stringify({ ...document, format: LAYER_CACHE_FORMAT + 1 })));
    const cache = new LayerCache({ dir, maxBytes: BIG });
    const image = await openImage(OTHER, { ...AMD64, cache });
    assert.deepEqual(cache.stats, { hits: 1, misses: 3, writes: 3, rejected: 3 });
    assert.deepEqual(model(image), model(reference));
    const after = new LayerCache({ dir, maxBytes: BIG });
    await openImage(OTHER, { ...AMD64, cache: after });
    assert.equal(after.stats.hits, 4, 'the rewritten entries are read');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an entry serves only a scan it can stand for: what a predicate captures, and limits no stricter than its own', async () => {
  const dir = await freshDir();
  try {
    const image = await openImage(WASTE);
    const base = image.layers[0];
    const cache = new LayerCache({ dir, maxBytes: BIG });
    const key = { digest: base.digest, diffId: base.diffId };
    const scan = { compression: base.compression, compressedDigest: base.digest, compressedBytes: base.compressedBytes, diffId: base.diffId, tarBytes: base.tarBytes, entries: base.entries, whiteouts: base.whiteouts, opaqueDirs: base.opaqueDirs, tarEntries: base.tarEntries!, captured: new Map<string, Buffer>() };
    await cache.put(key, scan, defaultScanLimits);
    assert.ok(await cache.get(key, undefined, defaultScanLimits), 'nothing asked, nothing missing');
    assert.equal(await cache.get(key, (path) => path === 'bin/busybox', defaultScanLimits), undefined, 'busybox was not kept by the writer');
    assert.equal(await cache.get(key, undefined, { ...defaultScanLimits, maxLayerBytes: 1024 }), undefined, 'a stricter guard scans again');
    assert.equal(await cache.get({ ...key, diffId: 'sha256:' + '0'.repeat(64) }, undefined, defaultScanLimits), undefined);
    // A scan that does not match its key is not stored.
    await cache.put({ ...key, digest: 'sha256:' + '1'.repeat(64) }, scan, defaultScanLimits);
    assert.equal((await entryFiles(dir)).length, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('size-bounded: past --cache-max-size the least recently used entries go', async () => {
  const dir = await freshDir();
  try {
    await openImage(WASTE, { cache: new LayerCache({ dir, maxBytes: BIG }) });
    const files = await entryFiles(dir);
    const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
    const total = sizes.reduce((a, b) => a + b, 0);
    const baseFile = files[sizes.indexOf(Math.max(...sizes))];
    // Every entry old, the base layer's least of all.
    const old = Date.now() / 1000 - 3600;
    for (const f of files) await utimes(f, old, old);
    await utimes(baseFile, old - 100, old - 100);
    const bound = Math.floor(total * 0.95);
    const cache = new LayerCache({ dir, maxBytes: bound });
    await cache.evict();
    const left = await entryFiles(dir);
    assert.ok(!left.includes(baseFile), 'the least recently used entry went first');
    let leftBytes = 0;
    for (const f of left) leftBytes += (await stat(f)).size;
    assert.ok(leftBytes <= bound, `${leftBytes} bytes left, bound ${bound}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('safe under concurrent runs: six CLI runs share one cache dir and agree, and no temporary file is left', async () => {
  const dir = await freshDir();
  try {
    const reference = await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json', '--no-cache']);
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => runCli(['analyze', sample(i % 2 ? 'waste.oci.tar' : 'waste.oci-zstd'), '--format', 'json', '--cache-dir', dir])));
    const again = await runCli(['analyze', sample('waste.oci.tar'), '--format', 'json', '--cache-dir', dir]);
    for (const [i, result] of [...runs, again].entries()) {
      assert.equal(result.code, reference.code, result.stderr);
      if (i % 2 || i === runs.length) assert.equal(result.stdout, reference.stdout);
    }
    assert.ok((await entryFiles(dir)).every((f) => !f.includes('.tmp-')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the default cache dir follows XDG: $XDG_CACHE_HOME/tsimage, else ~/.cache/tsimage', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/tsimage');
  assert.equal(defaultCacheDir({ HOME: '/home/u' }), '/home/u/.cache/tsimage');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }), '/home/u/.cache/tsimage');
});

test('--cache-max-size that is no size: one line, exit 2', async () => {
  const result = await runCli(['analyze', sample('good.docker.tar'), '--cache-max-size', 'lots']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--cache-max-size: not a size: lots/);
});
