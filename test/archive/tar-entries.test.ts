/**
 * A layer's `files` counts the tar's entries, as `tar -t` lists them (issue 14): umoci, bazel and
 * go-containerregistry write a `./` root entry, which is no path of the filesystem but is an entry.
 * dive drops the root from its file list; its efficiency figures do not depend on it and stay as they were.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { analyzeImage } from '../../src/index.js';
import { havePeerFixtures, peerFixturesDir } from '../helpers.js';

const exec = promisify(execFile);
const umociMissing = await exec('umoci', ['--version']).then(() => undefined, () => 'umoci is not installed (Debian: apt-get install umoci)');

/** `tar -t` of a (possibly gzipped) layer blob: one line per entry header. */
async function tarList(blob: string): Promise<string[]> {
  const { stdout } = await exec('tar', ['-tf', blob], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter(Boolean);
}

test('umoci: a layer with a `.` root entry counts it in files, as tar -t does', { skip: umociMissing }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i14-umoci-'));
  try {
    const layout = join(dir, 'oci');
    const bundle = join(dir, 'bundle');
    await exec('umoci', ['init', '--layout', layout]);
    await exec('umoci', ['new', '--image', `${layout}:t`]);
    await exec('umoci', ['unpack', '--rootless', '--image', `${layout}:t`, bundle]);
    await mkdir(join(bundle, 'rootfs/d'));
    await writeFile(join(bundle, 'rootfs/d/x'), 'x\n');
    await writeFile(join(bundle, 'rootfs/hello.txt'), 'hi\n');
    await exec('umoci', ['repack', '--image', `${layout}:t`, bundle]);

    const report = await analyzeImage(layout);
    assert.equal(report.layers.length, 1);
    const blob = join(layout, 'blobs/sha256', report.layers[0].digest.slice('sha256:'.length));
    const listed = await tarList(blob);
    assert.ok(listed.includes('.') || listed.includes('./'), `umoci wrote a root entry: ${listed.join(' ')}`);
    assert.equal(report.layers[0].files, listed.length, 'files = tar -t entries, the root included');
    assert.equal(report.layers[0].added, 3, 'the filesystem gets d/, d/x and hello.txt: the root is no path');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('go-containerregistry layers with `./`: files is the tar\'s entry count; dive\'s figures unchanged', { skip: havePeerFixtures ? undefined : `no peer fixtures at ${peerFixturesDir}` }, async () => {
  const archive = join(peerFixturesDir, 'ggcr-whiteout_image.tar');
  const report = await analyzeImage(archive);
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i14-ggcr-'));
  try {
    await exec('tar', ['-xf', archive, '-C', dir]);
    // The docker-save manifest lists the layer tars in order.
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
    const counts = [];
    for (const layer of manifest[0].Layers) counts.push((await tarList(join(dir, layer))).length);
    assert.deepEqual(report.layers.map((l) => l.files), counts);
    assert.deepEqual(counts, [3, 2, 0], './ bar.txt foo.txt; ./ .wh.foo.txt; nothing');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // What dive 0.13.1 --ci prints for this archive (efficiency: 50.0000 %, wastedBytes: 4): the root changes nothing.
  assert.equal(report.waste.diveEfficiency, 0.5);
  assert.equal(report.waste.diveWastedBytes, 4);
});
