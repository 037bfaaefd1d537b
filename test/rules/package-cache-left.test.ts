import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/package-cache-left.js';
import { baseLayer, check, checkSpec, only } from './helpers.js';
import { APT_BAD, APT_GOOD, MISC_BAD, engineImage } from './images.js';
import { formatBytes } from '../../src/bytes.js';
import { DEBIAN_DEBOOTSTRAP_CLEAN, DEBIAN_DEBOOTSTRAP_INSTALL, debianImage } from './debian-images.js';

test('fires per cache and layer with exact bytes (pip and apk)', () => {
  const findings = checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN pip install flask', files: { 'root/.cache/pip/http/a/b': 7000, 'usr/lib/python3/site-packages/flask/__init__.py': 100 } }, { instruction: 'RUN apk add curl', files: { 'var/cache/apk/APKINDEX.tar.gz': 5000 } }] });
  assert.deepEqual(findings.map((f) => [f.layerIndex, f.bytes]).sort(), [[1, 7000], [2, 5000]]);
  assert.match(findings.find((f) => f.layerIndex === 1)!.fix!, /--no-cache-dir/);
});

test('does not fire without a cache, or for the base image\'s', () => {
  assert.deepEqual(checkSpec(rule, { layers: [baseLayer, { instruction: 'RUN pip install --no-cache-dir flask', files: { 'usr/lib/python3/site-packages/flask/__init__.py': 100 } }] }), []);
  assert.deepEqual(checkSpec(rule, { layers: [{ ...baseLayer, files: { 'var/cache/apk/x': 10 } }] }), []);
});

test('real images: apt archives (90,000 + 120,000 bytes) and the npm cache (120,000 bytes); none after apt-get clean', async (t) => {
  const bad = await engineImage(APT_BAD);
  if (bad.skip) return t.skip(bad.skip);
  assert.deepEqual(check(rule, bad.ctx!).map((f) => [f.layerIndex, f.bytes]), [[4, 120000], [3, 90000]]);
  const npm = only(check(rule, (await engineImage(MISC_BAD)).ctx!), 'package-cache-left');
  assert.deepEqual(npm.map((f) => [f.layerIndex, f.bytes, f.paths[0]]), [[4, 120000, 'root/.npm/_cacache/content-v2/sha512/ab/cdef']]);
  assert.deepEqual(check(rule, (await engineImage(APT_GOOD)).ctx!), []);
});

test('real Debian image: the downloaded .deb files and pkgcache.bin/srcpkgcache.bin are named apart, and `apt-get clean` removes both', async (t) => {
  const built = await debianImage(DEBIAN_DEBOOTSTRAP_INSTALL);
  if (built.skip) return t.skip(built.skip);
  const [apt, ...rest] = check(rule, built.ctx!);
  assert.deepEqual(rest, []);
  const size = new Map(built.ctx!.image.layers[1].entries.map((e) => [e.path, e.size]));
  const debs = apt.paths.filter((p) => p.endsWith('.deb'));
  const bins = apt.paths.filter((p) => p.endsWith('.bin'));
  assert.deepEqual(bins, ['var/cache/apt/pkgcache.bin', 'var/cache/apt/srcpkgcache.bin']);
  assert.ok(debs.some((p) => /^var\/cache\/apt\/archives\/curl_.+_amd64\.deb$/.test(p)), debs.join(', '));
  assert.equal(debs.length + bins.length, apt.paths.length);
  const sum = (paths: string[]) => paths.reduce((s, p) => s + size.get(p)!, 0);
  assert.equal(apt.bytes, sum(debs) + sum(bins));
  assert.match(apt.message, new RegExp(`${formatBytes(sum(debs)).replace('.', '\\.')} in ${debs.length} downloaded \\.deb archives, ${formatBytes(sum(bins)).replace('.', '\\.')} in 2 package index caches \\(pkgcache\\.bin, srcpkgcache\\.bin\\)`));
  assert.match(apt.fix!, /^apt-get clean in the same RUN/);
  // The fix applied: the same Dockerfile with `apt-get clean` leaves neither kind.
  const cleaned = await debianImage(DEBIAN_DEBOOTSTRAP_CLEAN);
  assert.deepEqual(check(rule, cleaned.ctx!), []);
});
