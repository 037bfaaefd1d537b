import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sample, hasStackTrace } from '../helpers.js';
import { BUSYBOX_BASE, busyboxBaseUnavailable } from '../busybox-base.js';
import { buildTestImage, type TestImage } from '../rules/images.js';
import { craftDockerArchive, type CraftLayer } from '../archive/craft.js';
import { openImage } from '../../src/image/open.js';
import { diffImages } from '../../src/runtime/image-diff.js';
import { compareVersions } from '../../src/runtime/package-diff.js';

async function withCrafted(layersA: CraftLayer[], layersB: CraftLayer[], fn: (a: string, b: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tsimage-i7-diff-'));
  try {
    await writeFile(join(dir, 'a.tar'), await craftDockerArchive(layersA));
    await writeFile(join(dir, 'b.tar'), await craftDockerArchive(layersB));
    await fn(join(dir, 'a.tar'), join(dir, 'b.tar'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const dpkgStanza = (name: string, version: string, kib = 100) =>
  `Package: ${name}\nStatus: install ok installed\nInstalled-Size: ${kib}\nVersion: ${version}\nDescription: ${name}\n multi-line\n`;

test('good -> waste: files added and removed with their sizes, the shared base layer, config, env and labels', async () => {
  const d = diffImages(await openImage(sample('good.docker.tar')), await openImage(sample('waste.oci.tar')));
  assert.equal(d.identical, false);
  const files = d.files.filter((f) => f.type !== 'directory').map((f) => `${f.kind} ${f.path} ${f.sizeA ?? ''}/${f.sizeB ?? ''}`);
  assert.deepEqual(files, [
    'removed app/run.sh 136/',
    'added data/x /4',
    'added opt/dup-b.bin /40000',
    'added srv/app/config.dat /20000',
    'added srv/app/copied.bin /102400',
    'added srv/app/dup-a.bin /40000',
  ], 'big.bin (deleted in a later layer) and the lower /data files (opaque dir) are not in waste\'s filesystem');
  assert.deepEqual(d.fileTotals, { added: 5, removed: 1, changed: 0, addedBytes: 202404, removedBytes: 136, changedBytes: 0 });
  assert.equal(d.sharedBaseLayers, 1, 'both are FROM the busybox base');
  assert.deepEqual(d.layers.map((l) => l.kind), ['same', 'changed', 'changed', ...Array(9).fill('added')]);
  assert.deepEqual([d.layers[2].indexA, d.layers[2].indexB, d.layers[3].indexA, d.layers[3].indexB], [2, 2, undefined, 3]);
  assert.equal(d.layers[2].bytesB, 300000, 'per-layer sizes: waste layer 2 wrote big.bin');
  assert.equal(d.history.common, 1);
  assert.deepEqual(d.config.map((c) => c.key), ['Cmd', 'Entrypoint', 'WorkingDir', 'ExposedPorts', 'Healthcheck']);
  assert.deepEqual(d.config.find((c) => c.key === 'Cmd'), { key: 'Cmd', a: ['sleep', '3600'], b: ['sh'] });
  assert.deepEqual(d.env, [{ key: 'APP_HOME', b: '/srv/app' }, { key: 'APP_MODE', b: 'waste' }]);
  assert.deepEqual(d.labels.find((l) => l.key === 'org.opencontainers.image.title'), { key: 'org.opencontainers.image.title', a: 'tsimage good sample', b: 'tsimage waste sample' });
  assert.deepEqual(d.packages, { managers: {}, changes: [] });
});

test('the same image in two formats (docker save, zstd OCI layout) is identical', async () => {
  const d = diffImages(await openImage(sample('waste.docker.tar')), await openImage(sample('waste.oci-zstd')));
  assert.equal(d.identical, true);
  assert.equal(d.sharedBaseLayers, 12);
});

test('a file rewritten with other bytes of the same size is changed (content); identical bytes are no change; a whiteout is a removal', async () => {
  await withCrafted(
    [{ entries: [{ name: 'etc/app.conf', content: 'aaaa' }, { name: 'bin/tool', content: '#!/bin/sh\n' }, { name: 'same', content: 'x' }] }],
    [{ entries: [{ name: 'etc/app.conf', content: 'bbbb' }, { name: 'bin/tool', content: '#!/bin/sh\n' }, { name: 'same', content: 'x' }] }, { entries: [{ name: 'bin/.wh.tool', content: '' }, { name: 'new', content: '12345' }] }],
    async (a, b) => {
      const d = diffImages(await openImage(a), await openImage(b));
      assert.deepEqual(d.files.map((f) => [f.kind, f.path, f.what ?? []]), [
        ['removed', 'bin/tool', []],
        ['changed', 'etc/app.conf', ['content']],
        ['added', 'new', []],
      ]);
      assert.deepEqual(d.fileTotals, { added: 1, removed: 1, changed: 1, addedBytes: 5, removedBytes: 10, changedBytes: 0 });
    },
  );
});

test('packages added, removed, upgraded and downgraded, from dpkg status databases', async () => {
  const before = [dpkgStanza('libc6', '2.36-9'), dpkgStanza('curl', '7.88.1-10'), dpkgStanza('tzdata', '2024a-0+deb12u1'),
    'Package: gone-conf\nStatus: deinstall ok config-files\nVersion: 1.0\n'].join('\n');
  const after = [dpkgStanza('libc6', '2.36-9+deb12u4'), dpkgStanza('wget', '1.21.3-1+b2'), dpkgStanza('tzdata', '2023c-5')].join('\n');
  await withCrafted(
    [{ entries: [{ name: 'var/lib/dpkg/status', content: before }] }],
    [{ entries: [{ name: 'var/lib/dpkg/status', content: before }] }, { entries: [{ name: 'var/lib/dpkg/status', content: after }] }],
    async (a, b) => {
      const d = diffImages(await openImage(a), await openImage(b));
      assert.deepEqual(d.packages.managers, { a: 'dpkg', b: 'dpkg' });
      assert.deepEqual(d.packages.changes, [
        { name: 'curl', kind: 'removed', from: '7.88.1-10' },
        { name: 'libc6', kind: 'upgraded', from: '2.36-9', to: '2.36-9+deb12u4' },
        { name: 'tzdata', kind: 'downgraded', from: '2024a-0+deb12u1', to: '2023c-5' },
        { name: 'wget', kind: 'added', to: '1.21.3-1+b2' },
      ]);
      const text = await runCli(['diff', a, b]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Packages \(dpkg\)\n {2}- curl 7\.88\.1-10\n {2}\^ libc6 2\.36-9 -> 2\.36-9\+deb12u4\n {2}v tzdata 2024a-0\+deb12u1 -> 2023c-5\n {2}\+ wget 1\.21\.3-1\+b2\n/);
    },
  );
});

test('packages from apk\'s installed database', async () => {
  const db = (pkgs: [string, string][]) => pkgs.map(([p, v]) => `C:Q1abc=\nP:${p}\nV:${v}\nI:4096\n`).join('\n');
  await withCrafted(
    [{ entries: [{ name: 'lib/apk/db/installed', content: db([['musl', '1.2.4-r2'], ['busybox', '1.36.1-r5']]) }] }],
    [{ entries: [{ name: 'lib/apk/db/installed', content: db([['musl', '1.2.4-r3'], ['busybox', '1.36.1-r5'], ['curl', '8.5.0-r0']]) }] }],
    async (a, b) => {
      const d = diffImages(await openImage(a), await openImage(b));
      assert.deepEqual(d.packages.managers, { a: 'apk', b: 'apk' });
      assert.deepEqual(d.packages.changes, [
        { name: 'curl', kind: 'added', to: '8.5.0-r0' },
        { name: 'musl', kind: 'upgraded', from: '1.2.4-r2', to: '1.2.4-r3' },
      ]);
    },
  );
});

test('Debian version order', () => {
  assert.ok(compareVersions('1:1.0', '2.0') > 0, 'epoch first');
  assert.ok(compareVersions('1.0~rc1', '1.0') < 0, '~ sorts before the end');
  assert.ok(compareVersions('2.36-9+deb12u4', '2.36-9') > 0);
  assert.ok(compareVersions('1.10', '1.9') > 0, 'numeric runs compare as numbers');
  assert.ok(compareVersions('1.0a', '1.0+') < 0, 'letters sort before other characters');
  assert.equal(compareVersions('7.88.1-10', '7.88.1-10'), 0);
});

test('CLI: --format json is the diff object, --exit-code gives 1 when the images differ, markdown renders', async () => {
  const json = await runCli(['diff', sample('good.docker.tar'), sample('multitag.docker.tar'), '--format', 'json', '--exit-code']);
  assert.equal(json.code, 0, 'good and multitag are one image');
  assert.equal(JSON.parse(json.stdout).identical, true);
  const differs = await runCli(['diff', sample('legacy.docker.tar'), sample('buildkit.docker.tar'), '--exit-code', '--format', 'markdown']);
  assert.equal(differs.code, 1);
  assert.match(differs.stdout, /^## Image diff\n/);
  assert.match(differs.stdout, /### Layers \(7 -> 8; 1 shared from the bottom/);
  assert.match(differs.stdout, /^B7 added \+0 B {2}RUN/m);
  const missing = await runCli(['diff', sample('good.docker.tar'), 'nope.tar']);
  assert.equal(missing.code, 2);
  assert.ok(!hasStackTrace(missing.stderr));
});

test('a layer inserted in the middle is one added layer; the layers after it are still the same', async () => {
  const base = { entries: [{ name: 'bin/tool', content: 'tool' }] };
  const app = { entries: [{ name: 'app/main', content: 'main program' }] };
  const conf = { entries: [{ name: 'app/conf', content: 'k=v' }] };
  const extra = { entries: [{ name: 'opt/extra.bin', content: 'x'.repeat(1000) }] };
  await withCrafted([base, app, conf], [base, extra, app, { entries: [{ name: 'app/conf', content: 'k=w' }] }], async (a, b) => {
    const d = diffImages(await openImage(a), await openImage(b));
    assert.deepEqual(d.layers.map((l) => [l.kind, l.indexA, l.indexB]), [
      ['same', 0, 0],
      ['added', undefined, 1],
      ['same', 1, 2],
      ['changed', 2, 3],
    ]);
    assert.equal(d.layers[1].bytesB, 1000);
    assert.equal(d.sharedBaseLayers, 1);
  });
});

test('history: entries in common are matched in order, so one inserted instruction is one added line', async () => {
  const base = { entries: [{ name: 'bin/tool', content: 'tool' }] };
  const app = { entries: [{ name: 'app/main', content: 'main program' }] };
  await withCrafted([base, app], [base, { entries: [{ name: 'opt/x', content: 'x' }] }, app], async (a, b) => {
    const d = diffImages(await openImage(a), await openImage(b));
    // craftDockerArchive gives every layer the created_by `/bin/sh -c true`.
    assert.deepEqual(d.history, { common: 2, removed: [], added: ['/bin/sh -c true'] });
  });
});

// Issue 14: built by the engine, so the layers are what a rebuild really writes.
const diffImage = (name: string, run: string): TestImage => ({
  name, builder: 'legacy', context: {}, dockerfile: `FROM ${BUSYBOX_BASE}\nRUN ${run}\nUSER app\n`,
});

test('real images: an empty file (or same bytes) with another mtime is no change; other bytes of the same size are', async (t) => {
  const reason = await busyboxBaseUnavailable();
  if (reason) return t.skip(reason);
  const a = await buildTestImage(diffImage('diff-mtime-a', "touch -d '2020-01-01 00:00' /empty && printf same > /same && touch -d '2020-01-01 00:00' /same && printf aaaa > /data"));
  const b = await buildTestImage(diffImage('diff-mtime-b', "touch -d '2021-06-01 00:00' /empty && printf same > /same && touch -d '2021-06-01 00:00' /same && printf bbbb > /data"));
  const d = diffImages(await openImage(a), await openImage(b));
  assert.deepEqual(d.files.filter((f) => f.type !== 'directory').map((f) => `${f.kind} ${f.path} ${f.what?.join(',')}`), ['changed data content']);
});

test('diff takes --image for both sides, or --image-a / --image-b for each, and the other shared image options', async () => {
  const multi = sample('multi-image.docker.tar');
  const same = await runCli(['diff', multi, sample('good.docker.tar'), '--image', 'tsimage-sample/good:1', '--format', 'json', '--exit-code']);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).a.name, 'tsimage-sample/good:1');
  const perSide = await runCli(['diff', multi, multi, '--image-a', 'tsimage-sample/good:1', '--image-b', 'tsimage-sample/waste:1', '--format', 'json']);
  assert.equal(perSide.code, 0, perSide.stderr);
  const d = JSON.parse(perSide.stdout);
  assert.deepEqual([d.a.name, d.b.name], ['tsimage-sample/good:1', 'tsimage-sample/waste:1']);
  const guarded = await runCli(['diff', multi, sample('good.docker.tar'), '--max-expand-ratio', '1', '--max-layer-size', '1KB', '--platform', 'linux/amd64']);
  assert.equal(guarded.code, 2);
  assert.match(guarded.stderr, /^tsimage: .*\n$/);
  const missing = await runCli(['diff', multi, multi, '--image', 'no-such:1']);
  assert.equal(missing.code, 2);
  assert.doesNotMatch(missing.stderr, /Unknown argument/);
});
