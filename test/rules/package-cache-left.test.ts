import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/package-cache-left.js';
import { baseLayer, check, checkSpec, only } from './helpers.js';
import { APT_BAD, APT_GOOD, MISC_BAD, engineImage } from './images.js';

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
